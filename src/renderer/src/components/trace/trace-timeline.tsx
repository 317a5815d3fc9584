import { useMemo, useState, type WheelEvent } from 'react'
import type { TraceEvent } from '../../../../shared/contract'
import { fmtMs } from '../format'
import { useWidth } from '../series-chart'

const LANE = 46
const LEFT = 130
const TOP = 24
const PALETTE = ['#2563eb', '#16a34a', '#d97706', '#dc2626', '#7c3aed', '#0891b2', '#db2777', '#65a30d']

export function colorOf(type: string | undefined): string {
  let h = 0
  for (const c of type ?? '') h = (h * 31 + c.charCodeAt(0)) | 0
  return PALETTE[Math.abs(h) % PALETTE.length]!
}

const clock = (t: number) => new Date(t).toISOString().slice(11, 23)

/**
 * The story on a time axis: one swimlane per topic, a dot per event, arrows from each cause to
 * its effect, hop latencies between consecutive events. Wheel or buttons zoom; the range slider pans.
 */
export function TraceTimeline({
  events,
  selected,
  onSelect,
}: {
  events: TraceEvent[]
  selected: TraceEvent | undefined
  onSelect: (e: TraceEvent) => void
}) {
  const [box, width] = useWidth<HTMLDivElement>()
  const lanes = useMemo(() => [...new Set(events.map((e) => e.topic))], [events])
  const extent = useMemo(() => {
    if (!events.length) return [0, 1] as const
    const min = events[0]!.timestamp
    const max = events[events.length - 1]!.timestamp
    const pad = Math.max(50, (max - min) * 0.04)
    return [min - pad, max + pad] as const
  }, [events])
  const [zoom, setZoom] = useState<{ span: number; center: number } | null>(null)
  const full = extent[1] - extent[0]
  const span = Math.min(full, zoom?.span ?? full)
  const center = zoom?.center ?? extent[0] + full / 2
  const from = Math.max(extent[0], Math.min(center - span / 2, extent[1] - span))
  const to = from + span
  const plot = Math.max(100, width - LEFT - 20)
  const x = (t: number) => LEFT + ((t - from) / span) * plot
  const visible = events.filter((e) => e.timestamp >= from && e.timestamp <= to)
  const few = visible.length <= 60
  const byId = new Map(events.filter((e) => e.eventId).map((e) => [e.eventId!, e]))
  const y = (e: TraceEvent) => TOP + lanes.indexOf(e.topic) * LANE + LANE / 2
  const height = TOP + lanes.length * LANE + 8
  const zoomBy = (f: number, at = center) => setZoom({ span: Math.max(10, Math.min(full, span * f)), center: at })
  const onWheel = (ev: WheelEvent<SVGSVGElement>) => {
    const rect = ev.currentTarget.getBoundingClientRect()
    const at = from + ((ev.clientX - rect.left - LEFT) / plot) * span
    zoomBy(ev.deltaY < 0 ? 0.8 : 1.25, at)
  }
  const ticks = Array.from({ length: 5 }, (_, i) => from + (span * i) / 4)

  return (
    <div className="trace-timeline" ref={box} data-testid="trace-timeline">
      <div className="toolbar">
        <button type="button" className="btn" onClick={() => zoomBy(0.5)} aria-label="Zoom in">
          +
        </button>
        <button type="button" className="btn" onClick={() => zoomBy(2)} aria-label="Zoom out">
          −
        </button>
        <button type="button" className="btn" onClick={() => setZoom(null)}>
          Fit
        </button>
        {span < full && (
          <input
            type="range"
            aria-label="Pan"
            min={extent[0] + span / 2}
            max={extent[1] - span / 2}
            value={center}
            onChange={(e) => setZoom({ span, center: Number(e.target.value) })}
          />
        )}
        <span className="muted">
          {visible.length} of {events.length} events · {fmtMs(span)} shown
        </span>
      </div>
      {width > 0 && (
        <svg width={width} height={height} onWheel={onWheel} role="img" aria-label="Timeline of the entity's events">
          <defs>
            <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto">
              <path d="M0,0 L10,5 L0,10 z" fill="var(--text-muted)" />
            </marker>
          </defs>
          {ticks.map((t) => (
            <g key={t}>
              <line x1={x(t)} x2={x(t)} y1={TOP - 4} y2={height} stroke="var(--border)" />
              <text x={x(t)} y={12} fontSize={10} textAnchor="middle" fill="var(--text-muted)">
                {clock(t)}
              </text>
            </g>
          ))}
          {lanes.map((l, i) => (
            <g key={l}>
              <rect x={0} y={TOP + i * LANE} width={width} height={LANE} fill={i % 2 ? 'var(--bg)' : 'transparent'} />
              <text x={8} y={TOP + i * LANE + LANE / 2 + 4} fontSize={12} fill="var(--text)">
                {l}
              </text>
            </g>
          ))}
          {visible.length <= 2000 &&
            visible.map((e) => {
              const cause = e.causationId ? byId.get(e.causationId) : undefined
              if (!cause) return null
              return (
                <line
                  key={`c-${e.topic}-${e.partition}-${e.offset}`}
                  x1={x(cause.timestamp)}
                  y1={y(cause)}
                  x2={x(e.timestamp)}
                  y2={y(e)}
                  stroke="var(--text-muted)"
                  strokeWidth={1}
                  markerEnd="url(#arrow)"
                  opacity={0.7}
                />
              )
            })}
          {visible.map((e, i) => {
            const prev = i > 0 ? visible[i - 1] : undefined
            const isSel = selected === e
            return (
              <g
                key={`${e.topic}-${e.partition}-${e.offset}`}
                onClick={() => onSelect(e)}
                className="tl-event"
                data-testid="timeline-event"
              >
                <circle
                  cx={x(e.timestamp)}
                  cy={y(e)}
                  r={isSel ? 7 : 5}
                  fill={e.aborted ? 'transparent' : colorOf(e.type)}
                  stroke={isSel ? 'var(--text)' : colorOf(e.type)}
                  strokeWidth={isSel ? 2 : 1}
                >
                  <title>{`${e.type ?? '?'} · ${e.topic}/${e.partition}@${e.offset} · ${clock(e.timestamp)}`}</title>
                </circle>
                {few && (
                  <text x={x(e.timestamp)} y={y(e) + 17} fontSize={10} textAnchor="middle" fill="var(--text)">
                    {e.type}
                  </text>
                )}
                {few && prev && (
                  <text
                    x={(x(prev.timestamp) + x(e.timestamp)) / 2}
                    y={y(e) - 9}
                    fontSize={9}
                    textAnchor="middle"
                    fill="var(--text-muted)"
                  >
                    +{fmtMs(e.timestamp - prev.timestamp)}
                  </text>
                )}
              </g>
            )
          })}
        </svg>
      )}
    </div>
  )
}
