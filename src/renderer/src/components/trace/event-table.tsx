import { useState } from 'react'
import type { TraceEvent } from '../../../../shared/contract'
import { fmtMs } from '../format'
import { colorOf } from './timeline-geometry'

const ROW = 30
const HEIGHT = 360

/** What each view of a trace's events gets: the events, the one selected, and how to select another. */
export interface EventViewProps {
  events: TraceEvent[]
  selected: TraceEvent | undefined
  onSelect: (e: TraceEvent) => void
}

/** The story as rows; only the rows in view are rendered, so 10,000 events scroll smoothly. */
export function EventTable({ events, selected, onSelect }: EventViewProps) {
  const [top, setTop] = useState(0)
  const first = Math.max(0, Math.floor(top / ROW) - 5)
  const last = Math.min(events.length, first + Math.ceil(HEIGHT / ROW) + 10)
  return (
    <div className="event-table" data-testid="event-table">
      <div className="event-row event-head">
        <span>Time (UTC)</span>
        <span>Hop</span>
        <span>Where</span>
        <span>Type</span>
        <span>Key</span>
        <span>Matched by</span>
      </div>
      <div
        className="event-scroll"
        style={{ height: Math.min(HEIGHT, events.length * ROW + 2) }}
        onScroll={(e) => setTop(e.currentTarget.scrollTop)}
      >
        <div style={{ height: events.length * ROW, position: 'relative' }}>
          {events.slice(first, last).map((e, i) => {
            const index = first + i
            const prev = index > 0 ? events[index - 1] : undefined
            return (
              <button
                type="button"
                key={`${e.topic}-${e.partition}-${e.offset}`}
                className={`event-row${selected === e ? ' selected' : ''}${e.aborted ? ' aborted' : ''}`}
                style={{ position: 'absolute', top: index * ROW, height: ROW }}
                onClick={() => onSelect(e)}
                data-testid="event-row"
              >
                <span className="mono">{new Date(e.timestamp).toISOString().slice(11, 23)}</span>
                <span className="muted">{prev ? `+${fmtMs(e.timestamp - prev.timestamp)}` : ''}</span>
                <span className="mono">
                  {e.topic}/{e.partition}@{e.offset}
                </span>
                <span>
                  <span className="dot" style={{ background: colorOf(e.type) }} /> {e.type ?? '—'}
                  {e.aborted && <span className="pill pill-muted">aborted</span>}
                  {e.decodeError && <span className="pill pill-warn">raw</span>}
                </span>
                <span className="mono">{e.key ?? '∅'}</span>
                <span className="muted">{e.matchedBy}</span>
              </button>
            )
          })}
        </div>
      </div>
    </div>
  )
}
