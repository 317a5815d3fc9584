import { useMemo } from 'react'
import type { TraceEvent } from '../../../../shared/contract'
import { LongText } from './long-text'

type Change = { key: string; kind: 'added' | 'removed' | 'changed'; before?: unknown; after?: unknown }

/** Top-level fields that differ between an event and the one before it in the story. */
export function diffValues(before: unknown, after: unknown): Change[] {
  const obj = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {})
  const a = obj(before)
  const b = obj(after)
  const out: Change[] = []
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (!(key in a)) out.push({ key, kind: 'added', after: b[key] })
    else if (!(key in b)) out.push({ key, kind: 'removed', before: a[key] })
    else if (JSON.stringify(a[key]) !== JSON.stringify(b[key]))
      out.push({ key, kind: 'changed', before: a[key], after: b[key] })
  }
  return out
}

/** A diff cell: the field's text, cut (the whole value is in the box above). */
const CELL_CHARS = 500
const show = (v: unknown) => {
  const s = typeof v === 'string' ? v : JSON.stringify(v)
  return s.length > CELL_CHARS ? `${s.slice(0, CELL_CHARS)}…` : s
}

/** What the main process cut from the event to keep it small, next to the part it concerns. */
function Cut({ note, part }: { note: string | undefined; part: string }) {
  if (!note) return null
  return (
    <div className="text-warn" data-testid={`truncation-${part}`}>
      truncated: {note}
    </div>
  )
}

export function EventDetail({ event, previous }: { event: TraceEvent; previous: TraceEvent | undefined }) {
  const changes = useMemo(() => (previous ? diffValues(previous.value, event.value) : []), [previous, event])
  const valueText = useMemo(
    () => (typeof event.value === 'string' ? event.value : JSON.stringify(event.value, null, 2)),
    [event],
  )
  const headersText = useMemo(() => JSON.stringify(event.headers, null, 2), [event])
  const cut = event.truncation
  return (
    <div className="panel event-detail" data-testid="event-detail">
      <h2>
        {event.type ?? 'Event'}{' '}
        <span className="muted mono">
          {event.topic}/{event.partition}@{event.offset}
        </span>
      </h2>
      <dl className="kv kv-wide">
        <dt>Timestamp</dt>
        <dd className="mono">{new Date(event.timestamp).toISOString()}</dd>
        <dt>Key</dt>
        <dd className="mono">
          {event.key ?? 'null'} <span className="muted">({event.keyFormat})</span>
          <Cut note={cut?.key} part="key" />
        </dd>
        <dt>Value</dt>
        <dd>
          {event.valueFormat}
          {event.schemaId !== undefined ? ` · schema ${event.schemaId}` : ''}
          {event.tombstone ? ' · tombstone' : ''}
          {event.aborted ? ' · from an aborted transaction' : ''}
          {event.decodeError && <span className="error-text"> · shown raw: {event.decodeError}</span>}
          {' · record of '}
          {event.size.toLocaleString('en-US')} bytes
        </dd>
        <dt>Matched by</dt>
        <dd>{event.matchedBy}</dd>
      </dl>
      <h3 className="subhead">Headers</h3>
      <Cut note={cut?.headers} part="headers" />
      <LongText key={`h-${event.topic}/${event.partition}@${event.offset}`} text={headersText} testId="event-headers" />
      <h3 className="subhead">Value</h3>
      <Cut note={cut?.value} part="value" />
      <LongText key={`v-${event.topic}/${event.partition}@${event.offset}`} text={valueText} testId="event-json" />
      {previous && (
        <>
          <h3 className="subhead">Changed since {previous.type ?? 'the previous event'}</h3>
          <table className="data diff" data-testid="event-diff">
            <tbody>
              {changes.map((c) => (
                <tr key={c.key} className={`diff-${c.kind}`}>
                  <td className="mono">{c.key}</td>
                  <td>{c.kind}</td>
                  <td className="mono">{c.before === undefined ? '' : show(c.before)}</td>
                  <td className="mono">{c.after === undefined ? '' : show(c.after)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  )
}
