// The timeline's SVG layers, back to front: time axis, swimlanes, density bars, cause arrows, dots, selection.
import type { TraceEvent } from '../../../../shared/contract'
import { fmtMs } from '../format'
import { clock, colorOf, LANE, TOP } from './timeline-geometry'

type Scale = (t: number) => number
type LaneY = (e: TraceEvent) => number

export function TimeAxis({ ticks, x, height }: { ticks: number[]; x: Scale; height: number }) {
  return ticks.map((t, i) => (
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
  ))
}

export function Swimlanes({ lanes, width }: { lanes: string[]; width: number }) {
  return lanes.map((l, i) => (
    <g key={l}>
      <rect x={0} y={TOP + i * LANE} width={width} height={LANE} fill={i % 2 ? 'var(--bg)' : 'transparent'} />
      <text x={8} y={TOP + i * LANE + LANE / 2 + 4} fontSize={12} fill="var(--text)">
        {l}
      </text>
    </g>
  ))
}

export function DensityBars({ bars }: { bars: { color: string; d: string }[] }) {
  return bars.map((b) => <path key={b.color} d={b.d} fill={b.color} data-testid="timeline-density" />)
}

export function ArrowMarker() {
  return (
    <defs>
      <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto">
        <path d="M0,0 L10,5 L0,10 z" fill="var(--text-muted)" />
      </marker>
    </defs>
  )
}

/** An arrow from each event's cause (its causationId) to the event, where both are known. */
export function CauseArrows({
  visible,
  byId,
  x,
  y,
}: {
  visible: TraceEvent[]
  byId: Map<string, TraceEvent>
  x: Scale
  y: LaneY
}) {
  return visible.map((e) => {
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
  })
}

/** A dot per event; its type below and the hop latency above where `names[i]` and `hops[i]` say there is room. */
export function EventDots({
  visible,
  names,
  hops,
  x,
  y,
  onSelect,
}: {
  visible: TraceEvent[]
  names: boolean[]
  hops: boolean[]
  x: Scale
  y: LaneY
  onSelect: (e: TraceEvent) => void
}) {
  return visible.map((e, i) => {
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
  })
}

export function SelectedMark({ event, x, y }: { event: TraceEvent; x: Scale; y: LaneY }) {
  return (
    <circle
      cx={x(event.timestamp)}
      cy={y(event)}
      r={7}
      fill={event.aborted ? 'transparent' : colorOf(event.type)}
      stroke="var(--text)"
      strokeWidth={2}
      pointerEvents="none"
      data-testid="timeline-selected"
    />
  )
}
