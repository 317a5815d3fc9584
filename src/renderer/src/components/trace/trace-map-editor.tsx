import { useState } from 'react'
import { traceMapSchema, type ProfileView, type TraceMap } from '../../../../shared/contract'
import { useSaveProfile } from '../../hooks/use-profiles'
import { useSuggestTraceMap } from '../../hooks/use-trace-tools'

/** The editor's text as a trace map, or why it is not one. */
function parseMap(text: string): { map: TraceMap } | { problem: string } {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (err) {
    return { problem: `Not JSON: ${(err as Error).message}` }
  }
  const check = traceMapSchema.safeParse(parsed)
  if (check.success) return { map: check.data }
  return { problem: check.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') }
}

/** The profile's trace map as JSON: edited, checked against the schema, proposed by Suggest. */
export function TraceMapEditor({ profile }: { profile: ProfileView }) {
  const save = useSaveProfile()
  const suggest = useSuggestTraceMap(profile.id)
  const [text, setText] = useState(() => JSON.stringify(profile.trace ?? null, null, 2))
  const [note, setNote] = useState<string>()
  const [problem, setProblem] = useState<string>()
  const onSuggest = () => {
    setProblem(undefined)
    save.reset()
    suggest.mutate(undefined, {
      onSuccess: (res) => {
        setText(JSON.stringify(res.map, null, 2))
        setNote(res.evidence.map((e) => `${e.topic} (${e.sampled} sampled): ${e.notes.join('; ')}`).join('\n'))
      },
    })
  }
  const onSave = () => {
    const parsed = parseMap(text)
    suggest.reset()
    setProblem('problem' in parsed ? parsed.problem : undefined)
    if ('problem' in parsed) return
    const { color: _c, secrets: _s, builtIn: _b, ...stored } = profile
    save.mutate({ profile: { ...stored, trace: parsed.map } }, { onSuccess: () => setNote('Saved with the profile.') })
  }
  // Each action resets the other's failure, so this is the latest one.
  const error = problem ?? suggest.error?.message ?? save.error?.message
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
        <button className="btn" type="button" onClick={onSuggest} disabled={suggest.isPending}>
          Suggest from recent records
        </button>
        <button className="btn btn-primary" type="button" onClick={onSave} disabled={save.isPending}>
          Save
        </button>
      </div>
      {note && <pre className="muted">{note}</pre>}
      {error && <p className="error-text">{error}</p>}
    </div>
  )
}
