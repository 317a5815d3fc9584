import { useState } from 'react'
import { traceMapSchema, type ProfileView } from '../../../../shared/contract'
import { useBackend } from '../../backend/context'
import { useSaveProfile } from '../../hooks/use-profiles'

/** The profile's trace map as JSON: edited, checked against the schema, proposed by Suggest. */
export function TraceMapEditor({ profile }: { profile: ProfileView }) {
  const backend = useBackend()
  const save = useSaveProfile()
  const [text, setText] = useState(() => JSON.stringify(profile.trace ?? null, null, 2))
  const [note, setNote] = useState<string>()
  const [error, setError] = useState<string>()
  const suggest = async () => {
    setError(undefined)
    try {
      const res = await backend.call('trace.suggest', { id: profile.id })
      setText(JSON.stringify(res.map, null, 2))
      setNote(res.evidence.map((e) => `${e.topic} (${e.sampled} sampled): ${e.notes.join('; ')}`).join('\n'))
    } catch (err) {
      setError((err as Error).message)
    }
  }
  const onSave = async () => {
    setError(undefined)
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch (err) {
      setError(`Not JSON: ${(err as Error).message}`)
      return
    }
    const check = traceMapSchema.safeParse(parsed)
    if (!check.success) {
      setError(check.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '))
      return
    }
    const { color: _c, secrets: _s, builtIn: _b, ...stored } = profile
    try {
      await save.mutateAsync({ profile: { ...stored, trace: check.data } })
      setNote('Saved with the profile.')
    } catch (err) {
      setError((err as Error).message)
    }
  }
  return (
    <div className="panel" data-testid="trace-map-editor">
      <h2>Trace map</h2>
      <p className="muted">
        Where the id lives in each topic (key, a JSON path in the value, or a header), link fields that lead to other
        ids, and the expected flow.
      </p>
      <textarea
        className="mono map-text"
        rows={18}
        value={text}
        onChange={(e) => setText(e.target.value)}
        aria-label="Trace map JSON"
      />
      <div className="form-actions">
        <button className="btn" type="button" onClick={() => void suggest()}>
          Suggest from recent records
        </button>
        <button className="btn btn-primary" type="button" onClick={() => void onSave()}>
          Save
        </button>
      </div>
      {note && <pre className="muted">{note}</pre>}
      {error && <p className="error-text">{error}</p>}
    </div>
  )
}
