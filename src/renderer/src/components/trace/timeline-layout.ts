// The timeline's geometry, kept out of React so that 10,000 events cost a few linear passes and
// no more than one SVG element per colour when they are too many to draw one by one.

interface Timed {
  timestamp: number
  topic: string
}

/** First index whose timestamp is ≥ t (events are sorted by timestamp). */
export function lowerBound(events: readonly Timed[], t: number): number {
  let lo = 0
  let hi = events.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (events[mid]!.timestamp < t) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** The half-open index range of the events within [from, to]. */
export function visibleRange(events: readonly Timed[], from: number, to: number): [number, number] {
  return [lowerBound(events, from), lowerBound(events, to + 1)]
}

export interface DensityMark {
  lane: number
  /** Left edge of the pixel column. */
  x: number
  count: number
  /** Colour of the first event in the column. */
  color: string
}

/**
 * Events bucketed by lane and pixel column (`px` wide): what a dense stretch of the story looks
 * like when single dots would overlap anyway.
 */
export function densityMarks<E extends Timed>(
  events: readonly E[],
  [start, end]: [number, number],
  laneOf: ReadonlyMap<string, number>,
  x: (t: number) => number,
  colorOf: (e: E) => string,
  px = 3,
): DensityMark[] {
  const marks = new Map<number, DensityMark>()
  const lanes = laneOf.size
  for (let i = start; i < end; i++) {
    const e = events[i]!
    const lane = laneOf.get(e.topic) ?? 0
    const col = Math.floor(x(e.timestamp) / px)
    const key = col * lanes + lane
    const m = marks.get(key)
    if (m) m.count++
    else marks.set(key, { lane, x: col * px, count: 1, color: colorOf(e) })
  }
  return [...marks.values()]
}

/** SVG path data for marks: one bar per mark, taller where more events fall in the column. */
export function barsPath(
  marks: readonly DensityMark[],
  laneCenter: (lane: number) => number,
  maxHeight: number,
  px = 3,
) {
  let d = ''
  for (const m of marks) {
    const h = Math.min(maxHeight, 6 + 4 * Math.log2(m.count))
    d += `M${m.x} ${(laneCenter(m.lane) - h / 2).toFixed(1)}h${px - 1}v${h.toFixed(1)}h${1 - px}z`
  }
  return d
}

/** The event of `topic` nearest to time t within ±tolerance, or undefined. */
export function nearestInLane<E extends Timed>(
  events: readonly E[],
  topic: string,
  t: number,
  tolerance: number,
): E | undefined {
  let best: E | undefined
  let bestDist = tolerance
  const at = lowerBound(events, t - tolerance)
  for (let i = at; i < events.length && events[i]!.timestamp <= t + tolerance; i++) {
    const e = events[i]!
    const dist = Math.abs(e.timestamp - t)
    if (e.topic === topic && dist <= bestDist) {
      best = e
      bestDist = dist
    }
  }
  return best
}

/**
 * Which labels to draw: in each lane, a label is kept when it clears the last kept one, so that
 * events milliseconds apart do not print their names over each other (the dot's tooltip and the
 * table still name them). Items come in x order; widths are estimated from the text length.
 */
export function labelsThatFit(
  items: readonly { x: number; lane: number; text: string }[],
  charPx: number,
  gap = 4,
): boolean[] {
  const lastRight = new Map<number, number>()
  return items.map(({ x, lane, text }) => {
    const half = (text.length * charPx) / 2
    if (x - half < (lastRight.get(lane) ?? -Infinity) + gap) return false
    lastRight.set(lane, x + half)
    return true
  })
}
