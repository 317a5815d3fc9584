import { memo, useMemo, type MouseEvent } from 'react'
import type { TraceEvent } from '../../../../shared/contract'
import { fmtMs } from '../format'
import { useWidth } from '../series-chart'
import { colorOf, DOTS_MAX, LABELS_MAX, LANE, laneCenter, TOP } from './timeline-geometry'
import { ArrowMarker, CauseArrows, DensityBars, EventDots, SelectedMark, Swimlanes, TimeAxis } from './timeline-layers'
import { barsPath, densityMarks, labelsThatFit, nearestInLane, visibleRange } from './timeline-layout'
import type { EventViewProps } from './event-table'
import { useTimelineViewport, type TimelineViewport } from './use-timeline-viewport'

type LaneOf = ReadonlyMap<string, number>

/** One SVG path per colour for the events in `range`, bucketed by pixel column. */
function densityBars(events: TraceEvent[], range: [number, number], laneOf: LaneOf, x: (t: number) => number) {
  const byColor = new Map<string, ReturnType<typeof densityMarks>>()
  for (const m of densityMarks(events, range, laneOf, x, (e) => colorOf(e.type))) {
    const list = byColor.get(m.color) ?? []
    list.push(m)
    byColor.set(m.color, list)
  }
  return [...byColor].map(([color, marks]) => ({ color, d: barsPath(marks, laneCenter, LANE - 12) }))
}

/** Names under the dots and hop latencies above them, each kept only where it has room. */
function labelsOf(visible: TraceEvent[], laneOf: LaneOf, x: (t: number) => number) {
  const lane = (e: TraceEvent) => laneOf.get(e.topic) ?? 0
  const names = labelsThatFit(
    visible.map((e) => ({ x: x(e.timestamp), lane: lane(e), text: e.type ?? '' })),
    6,
  )
  const hops = labelsThatFit(
    visible.map((e, i) => {
      const prev = visible[i - 1]
      return {
        x: prev ? (x(prev.timestamp) + x(e.timestamp)) / 2 : -Infinity,
        lane: lane(e),
        text: prev ? `+${fmtMs(e.timestamp - prev.timestamp)}` : '',
      }
    }),
    5.5,
  )
  return { names, hops }
}

function TimelineToolbar({
  view,
  count,
  total,
  dense,
}: {
  view: TimelineViewport
  count: number
  total: number
  dense: boolean
}) {
  return (
    <div className="toolbar">
      <button type="button" className="btn" onClick={() => view.zoomBy(0.5)} aria-label="Zoom in">
        +
      </button>
      <button type="button" className="btn" onClick={() => view.zoomBy(2)} aria-label="Zoom out">
        −
      </button>
      <button type="button" className="btn" onClick={view.fit}>
        Fit
      </button>
      {view.zoomed && (
        <input
          type="range"
          aria-label="Pan"
          min={view.extent[0] + view.span / 2}
          max={view.extent[1] - view.span / 2}
          value={view.center}
          onChange={(e) => view.panTo(Number(e.target.value))}
        />
      )}
      <span className="muted">
        {count} of {total} events · {fmtMs(view.span)} shown
        {dense && ' · dense: bars show how many events fall together; zoom in for single events'}
      </span>
    </div>
  )
}

/**
 * The story on a time axis: one swimlane per topic, a dot per event, arrows from each cause to
 * its effect, hop latencies between consecutive events. Wheel or buttons zoom; the range slider pans.
 * Level of detail: labels under 60 events in view, dots and arrows under 500, density bars above.
 */
export const TraceTimeline = memo(function TraceTimeline({ events, selected, onSelect }: EventViewProps) {
  const [box, width] = useWidth<HTMLDivElement>()
  const view = useTimelineViewport(events, width)
  const { from, to, span, plot } = view
  const lanes = useMemo(() => [...new Set(events.map((e) => e.topic))], [events])
  const laneOf = useMemo(() => new Map(lanes.map((l, i) => [l, i])), [lanes])
  const byId = useMemo(() => new Map(events.filter((e) => e.eventId).map((e) => [e.eventId!, e])), [events])
  const range = useMemo(() => visibleRange(events, from, to), [events, from, to])
  const count = range[1] - range[0]
  const dense = count > DOTS_MAX
  const x = view.x
  const y = (e: TraceEvent) => laneCenter(laneOf.get(e.topic) ?? 0)
  const bars = useMemo(() => (dense ? densityBars(events, range, laneOf, x) : []), [dense, events, range, laneOf, x])
  const visible = dense ? [] : events.slice(range[0], range[1])
  const { names, hops } = visible.length <= LABELS_MAX ? labelsOf(visible, laneOf, x) : { names: [], hops: [] }
  const height = TOP + lanes.length * LANE + 8
  // In density mode a click selects the nearest event of the lane under the pointer.
  const onDenseClick = (ev: MouseEvent<SVGSVGElement>) => {
    const { t, lane } = view.pointAt(ev)
    const topic = lanes[lane]
    const hit = topic === undefined ? undefined : nearestInLane(events, topic, t, (6 / plot) * span)
    if (hit) onSelect(hit)
  }
  const ticks = Array.from({ length: 5 }, (_, i) => from + (span * i) / 4)
  const selectedInView = selected && selected.timestamp >= from && selected.timestamp <= to ? selected : undefined

  return (
    <div className="trace-timeline" ref={box} data-testid="trace-timeline">
      <TimelineToolbar view={view} count={count} total={events.length} dense={dense} />
      {width > 0 && (
        <svg
          width={width}
          height={height}
          onWheel={(ev) => view.zoomBy(ev.deltaY < 0 ? 0.8 : 1.25, view.pointAt(ev).t)}
          onClick={dense ? onDenseClick : undefined}
          className={dense ? 'dense' : undefined}
          role="img"
          aria-label="Timeline of the entity's events"
        >
          <ArrowMarker />
          <TimeAxis ticks={ticks} x={x} height={height} />
          <Swimlanes lanes={lanes} width={width} />
          <DensityBars bars={bars} />
          <CauseArrows visible={visible} byId={byId} x={x} y={y} />
          <EventDots visible={visible} names={names} hops={hops} x={x} y={y} onSelect={onSelect} />
          {selectedInView && <SelectedMark event={selectedInView} x={x} y={y} />}
        </svg>
      )}
    </div>
  )
})
