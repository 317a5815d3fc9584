import { useState } from 'react'
import type { FindResult } from '../../../../shared/contract'
import { useBackend } from '../../backend/context'

/** Recent records by type or text: the ids to trace. */
export function FindPanel({ profileId, onTrace }: { profileId: string; onTrace: (id: string) => void }) {
  const backend = useBackend()
  const [type, setType] = useState('')
  const [text, setText] = useState('')
  const [last, setLast] = useState('10m')
  const [busy, setBusy] = useState(false)
  const [res, setRes] = useState<FindResult>()
  const [error, setError] = useState<string>()
  const find = async () => {
    setBusy(true)
    setError(undefined)
    try {
      setRes(
        await backend.call('trace.find', { id: profileId, last, ...(type ? { type } : {}), ...(text ? { text } : {}) }),
      )
    } catch (err) {
      setError((err as Error).message)
    } finally {
      setBusy(false)
    }
  }
  return (
    <div className="panel" data-testid="find-panel">
      <h2>Find ids</h2>
      <form
        className="form-inline"
        onSubmit={(e) => {
          e.preventDefault()
          void find()
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
        <button className="btn" type="submit" disabled={busy}>
          {busy ? 'Searching…' : 'Find'}
        </button>
      </form>
      {error && <p className="error-text">{error}</p>}
      {res && (
        <>
          <p className="muted">
            {res.hits.length} hit(s) in {res.recordsScanned.toLocaleString()} records
            {res.truncated ? ' (newest shown)' : ''}
          </p>
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
