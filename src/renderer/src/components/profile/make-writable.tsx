import { useState } from 'react'
import type { ProfileView } from '../../../../shared/contract'
import { useSetReadOnly } from '../../hooks/use-profiles'
import { useToasts } from '../toasts'

/**
 * A read-only profile is made writable only here, apart from Save, and only after its name is
 * typed: the protection of a production profile cannot be lifted by an edit in passing.
 */
export function MakeWritable({ profile }: { profile: ProfileView }) {
  const [asking, setAsking] = useState(false)
  const [typed, setTyped] = useState('')
  const setReadOnly = useSetReadOnly()
  const { push } = useToasts()
  if (!asking) {
    return (
      <div className="check wide">
        <span className="pill pill-muted">read-only</span>{' '}
        <button type="button" className="btn" onClick={() => setAsking(true)} data-testid="make-writable">
          Make writable…
        </button>
      </div>
    )
  }
  const lift = (): void =>
    setReadOnly.mutate(
      { id: profile.id, readOnly: false, confirm: typed },
      {
        onSuccess: () => push('info', `Profile ${profile.name} is writable`),
        onError: (err) => push('error', `Still read-only: ${err.message}`),
      },
    )
  return (
    <div className="wide make-writable" role="group" aria-label="Make the profile writable">
      <label>
        Type <strong>{profile.name}</strong> to let this console change it (job actions, rules, edits)
        <input value={typed} onChange={(e) => setTyped(e.target.value)} name="confirmName" autoComplete="off" />
      </label>
      <button
        type="button"
        className="btn btn-danger"
        disabled={typed.trim() !== profile.name || setReadOnly.isPending}
        onClick={lift}
        data-testid="confirm-writable"
      >
        Make writable
      </button>{' '}
      <button type="button" className="btn" onClick={() => setAsking(false)}>
        Keep read-only
      </button>
    </div>
  )
}
