import { useState } from 'react'
import { useFindIds } from '../../hooks/use-trace-tools'

/** Recent records by type or text: the ids to trace. */
export function FindPanel({ profileId, onTrace }: { profileId: string; onTrace: (id: string) => void }) {
  const find = useFindIds(profileId)
  const [type, setType] = useState('')
  const [text, setText] = useState('')
  const [last, setLast] = useState('10m')
  const res = find.data
  return (
    <div className="panel" data-testid="find-panel">
      <h2>Find ids</h2>
      <form
        className="form-inline"
        onSubmit={(e) => {
          e.preventDefault()
          find.mutate({ last, ...(type ? { type } : {}), ...(text ? { text } : {}) })
        }}
      >
        <input placeholder="Event type, e.g. OrderCancelled" value={type} onChange={(e) => setType(e.target.value)} />
        <input placeholder="Text or partial id" value={text} onChange={(e) => setText(e.target.value)} />
        <select value={last} onChange={(e) => setLast(e.target.value)} aria-label="How far back">
          {['5m', '10m', '1h', '6h', '24h'].map((l) => (
            <option key={l} value={l}>
              last {l}
            </option>
          ))}
        </select>
        <button className="btn" type="submit" disabled={find.isPending}>
          {find.isPending ? 'Searching…' : 'Find'}
        </button>
      </form>
      {find.error && <p className="error-text">{find.error.message}</p>}
      {res && (
        <>
          <p className="muted">
            {res.hits.length} hit(s) in {res.recordsScanned.toLocaleString()} records
            {res.truncated ? ' (newest shown)' : ''}
            {res.undecodable > 0 ? ` · ${res.undecodable.toLocaleString()} could not be decoded` : ''}
          </p>
          {res.stoppedAfterMs !== undefined && (
            <p className="text-warn" data-testid="find-stopped">
              Stopped after {Math.round(res.stoppedAfterMs / 1000)} s before the end of the window: these hits are from
              what was read. Narrow the window or add text to search all of it.
            </p>
          )}
          {res.registryError && <p className="error-text">{res.registryError}</p>}
          {res.missingTopics.length > 0 && (
            <p className="text-warn">Not on this cluster, skipped: {res.missingTopics.join(', ')}</p>
          )}
          {res.deniedTopics.map((d) => (
            <p key={d.topic} className="text-warn" data-testid="find-denied">
              Skipped: {d.message}
            </p>
          ))}
          <ul className="find-hits">
            {res.hits.slice(0, 50).map((h) => (
              <li key={`${h.topic}-${h.partition}-${h.offset}`}>
                <button
                  type="button"
                  className="link"
                  disabled={!h.entityId}
                  onClick={() => h.entityId && onTrace(h.entityId)}
                >
                  {h.entityId ?? '?'}
                </button>{' '}
                <span>{h.type}</span>{' '}
                <span className="muted mono">
                  {new Date(h.timestamp).toISOString().slice(11, 19)} {h.topic}/{h.partition}@{h.offset}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  )
}
