import { memo, useMemo, useState, type MouseEvent, type WheelEvent } from 'react'
import type { TraceEvent } from '../../../../shared/contract'
import { fmtMs } from '../format'
import { useWidth } from '../series-chart'
import { barsPath, densityMarks, labelsThatFit, nearestInLane, visibleRange } from './timeline-layout'

const LANE = 46
const LEFT = 130
const TOP = 24
/** Above this many events in view, dots become density bars and arrows are left out. */
const DOTS_MAX = 500
/** Below this many, each dot is labelled with its type and hop latency. */
const LABELS_MAX = 60
const PALETTE = ['#2563eb', '#16a34a', '#d97706', '#dc2626', '#7c3aed', '#0891b2', '#db2777', '#65a30d']

export function colorOf(type: string | undefined): string {
  let h = 0
  for (const c of type ?? '') h = (h * 31 + c.charCodeAt(0)) | 0
  return PALETTE[Math.abs(h) % PALETTE.length]!
}

const laneCenter = (lane: number) => TOP + lane * LANE + LANE / 2
const clock = (t: number) => new Date(t).toISOString().slice(11, 23)

/**
 * The story on a time axis: one swimlane per topic, a dot per event, arrows from each cause to
 * its effect, hop latencies between consecutive events. Wheel or buttons zoom; the range slider pans.
 * Level of detail: labels under 60 events in view, dots and arrows under 500, density bars above.
 */
export const TraceTimeline = memo(function TraceTimeline({
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
  const laneOf = useMemo(() => new Map(lanes.map((l, i) => [l, i])), [lanes])
  const byId = useMemo(() => new Map(events.filter((e) => e.eventId).map((e) => [e.eventId!, e])), [events])
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
  const y = (e: TraceEvent) => laneCenter(laneOf.get(e.topic) ?? 0)
  const range = useMemo(() => visibleRange(events, from, to), [events, from, to])
  const count = range[1] - range[0]
  const dense = count > DOTS_MAX
  const bars = useMemo(() => {
    if (!dense) return []
    const xAt = (t: number) => LEFT + ((t - from) / span) * plot
    const byColor = new Map<string, ReturnType<typeof densityMarks>>()
    for (const m of densityMarks(events, range, laneOf, xAt, (e) => colorOf(e.type))) {
      const list = byColor.get(m.color) ?? []
      list.push(m)
      byColor.set(m.color, list)
    }
    return [...byColor].map(([color, marks]) => ({ color, d: barsPath(marks, laneCenter, LANE - 12) }))
  }, [dense, events, range, laneOf, from, span, plot])
  const visible = dense ? [] : events.slice(range[0], range[1])
  const labelled = visible.length <= LABELS_MAX
  // Names under the dots and hop latencies above them, each kept only where it has room.
  const names = labelled
    ? labelsThatFit(
        visible.map((e) => ({ x: x(e.timestamp), lane: laneOf.get(e.topic) ?? 0, text: e.type ?? '' })),
        6,
      )
    : []
  const hops = labelled
    ? labelsThatFit(
        visible.map((e, i) => {
          const prev = visible[i - 1]
          return {
            x: prev ? (x(prev.timestamp) + x(e.timestamp)) / 2 : -Infinity,
            lane: laneOf.get(e.topic) ?? 0,
            text: prev ? `+${fmtMs(e.timestamp - prev.timestamp)}` : '',
          }
        }),
        5.5,
      )
    : []
  const height = TOP + lanes.length * LANE + 8
  const zoomBy = (f: number, at = center) => setZoom({ span: Math.max(10, Math.min(full, span * f)), center: at })
  const timeAt = (ev: MouseEvent<SVGSVGElement>) => {
    const rect = ev.currentTarget.getBoundingClientRect()
    return {
      t: from + ((ev.clientX - rect.left - LEFT) / plot) * span,
      lane: Math.floor((ev.clientY - rect.top - TOP) / LANE),
    }
  }
  const onWheel = (ev: WheelEvent<SVGSVGElement>) => zoomBy(ev.deltaY < 0 ? 0.8 : 1.25, timeAt(ev).t)
  // In density mode a click selects the nearest event of the lane under the pointer.
  const onDenseClick = (ev: MouseEvent<SVGSVGElement>) => {
    const { t, lane } = timeAt(ev)
    const topic = lanes[lane]
    const hit = topic === undefined ? undefined : nearestInLane(events, topic, t, (6 / plot) * span)
    if (hit) onSelect(hit)
  }
  const ticks = Array.from({ length: 5 }, (_, i) => from + (span * i) / 4)
  const selectedInView = selected && selected.timestamp >= from && selected.timestamp <= to ? selected : undefined

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
          {count} of {events.length} events · {fmtMs(span)} shown
          {dense && ' · dense: bars show how many events fall together; zoom in for single events'}
        </span>
      </div>
      {width > 0 && (
        <svg
          width={width}
          height={height}
          onWheel={onWheel}
          onClick={dense ? onDenseClick : undefined}
          className={dense ? 'dense' : undefined}
          role="img"
          aria-label="Timeline of the entity's events"
        >
          <defs>
            <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto">
              <path d="M0,0 L10,5 L0,10 z" fill="var(--text-muted)" />
            </marker>
          </defs>
          {ticks.map((t, i) => (
            <g key={t}>
              <line x1={x(t)} x2={x(t)} y1={TOP - 4} y2={height} stroke="var(--border)" />
              <text
                x={x(t)}
                y={12}
                fontSize={10}
                textAnchor={i === ticks.length - 1 ? 'end' : 'middle'}
                fill="var(--text-muted)"
              >
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
          {bars.map((b) => (
            <path key={b.color} d={b.d} fill={b.color} data-testid="timeline-density" />
          ))}
          {visible.map((e) => {
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
                  r={5}
                  fill={e.aborted ? 'transparent' : colorOf(e.type)}
                  stroke={colorOf(e.type)}
                  strokeWidth={1}
                >
                  <title>{`${e.type ?? '?'} · ${e.topic}/${e.partition}@${e.offset} · ${clock(e.timestamp)}`}</title>
                </circle>
                {names[i] && (
                  <text x={x(e.timestamp)} y={y(e) + 17} fontSize={10} textAnchor="middle" fill="var(--text)">
                    {e.type}
                  </text>
                )}
                {hops[i] && prev && (
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
          {selectedInView && (
            <circle
              cx={x(selectedInView.timestamp)}
              cy={y(selectedInView)}
              r={7}
              fill={selectedInView.aborted ? 'transparent' : colorOf(selectedInView.type)}
              stroke="var(--text)"
              strokeWidth={2}
              pointerEvents="none"
              data-testid="timeline-selected"
            />
          )}
        </svg>
      )}
    </div>
  )
})
