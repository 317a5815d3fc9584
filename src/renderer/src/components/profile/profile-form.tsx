import { useState, type FormEvent } from 'react'
import type { ProfileView } from '../../../../shared/contract'
import { useSaveProfile } from '../../hooks/use-profiles'
import { useToasts } from '../toasts'
import { draftOf, toInput, type Draft } from './profile-draft'
import { FlinkFields, IdentityFields, KafkaFields } from './profile-fields'

/** Add or edit a profile. Secrets typed here go to the encrypted store and are never shown again. */
export function ProfileForm({ existing, onDone }: { existing?: ProfileView; onDone: () => void }) {
  const [d, setD] = useState<Draft>(() => draftOf(existing))
  const save = useSaveProfile()
  const { push } = useToasts()
  const set = <K extends keyof Draft>(k: K, v: Draft[K]): void => setD((x) => ({ ...x, [k]: v }))

  const submit = (e: FormEvent): void => {
    e.preventDefault()
    save.mutate(toInput(d, existing), {
      onSuccess: (p) => {
        push('info', `Saved profile ${p.id}`)
        onDone()
      },
      onError: (err) => push('error', `Not saved: ${err.message}`),
    })
  }

  return (
    <form className="panel form" onSubmit={submit} data-testid="profile-form">
      <h2>{existing ? `Edit ${existing.name}` : 'New profile'}</h2>
      <div className="form-grid">
        <IdentityFields d={d} set={set} existing={existing} />
        <KafkaFields d={d} set={set} existing={existing} />
        <FlinkFields d={d} set={set} />
        <label className="wide">
          Schema Registry URL (optional)
          <input
            value={d.registryUrl}
            onChange={(e) => set('registryUrl', e.target.value)}
            placeholder="http://registry:8081"
          />
        </label>
      </div>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={save.isPending} data-testid="profile-save">
          Save
        </button>
        <button type="button" className="btn" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  )
}
