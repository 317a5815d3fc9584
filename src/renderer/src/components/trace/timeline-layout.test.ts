import { describe, expect, it } from 'vitest'
import { barsPath, densityMarks, labelsThatFit, lowerBound, nearestInLane, visibleRange } from './timeline-layout'

const ev = (timestamp: number, topic = 'orders') => ({ timestamp, topic })

describe('timeline layout', () => {
  const events = [ev(10), ev(20), ev(20, 'payments'), ev(30), ev(45, 'payments'), ev(50)]

  it('finds the events in view by binary search, bounds included', () => {
    expect(lowerBound(events, 20)).toBe(1)
    expect(lowerBound(events, 21)).toBe(3)
    expect(lowerBound(events, 99)).toBe(6)
    expect(visibleRange(events, 20, 45)).toEqual([1, 5])
    expect(visibleRange(events, 51, 60)).toEqual([6, 6])
  })

  it('buckets events per lane and pixel column, counting each once', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => ev(i, i % 2 ? 'payments' : 'orders'))
    const laneOf = new Map([
      ['orders', 0],
      ['payments', 1],
    ])
    const marks = densityMarks(
      many,
      [0, many.length],
      laneOf,
      (t) => t / 10,
      () => 'red',
      3,
    )
    // 10,000 px-time units over 1,000 px in 3-px columns: 334 columns × 2 lanes.
    expect(marks).toHaveLength(334 * 2)
    expect(marks.reduce((n, m) => n + m.count, 0)).toBe(10_000)
    expect(new Set(marks.map((m) => m.lane))).toEqual(new Set([0, 1]))
    const path = barsPath(marks, (lane) => 20 + lane * 40, 30)
    expect(path.match(/M/g)).toHaveLength(marks.length)
  })

  it('picks the nearest event of the lane within the tolerance', () => {
    expect(nearestInLane(events, 'payments', 40, 6)).toEqual(ev(45, 'payments'))
    expect(nearestInLane(events, 'payments', 33, 6)).toBeUndefined()
    expect(nearestInLane(events, 'orders', 27, 6)).toEqual(ev(30))
  })

  it('keeps a label only where it clears the last one kept in its lane', () => {
    const kept = labelsThatFit(
      [
        { x: 100, lane: 0, text: 'OrderCreated' }, // 60 px wide at 5 px a character: 70..130
        { x: 110, lane: 0, text: 'OrderConfirmed' }, // overlaps the first
        { x: 112, lane: 1, text: 'PaymentRequested' }, // another lane
        { x: 200, lane: 0, text: 'OrderCompleted' }, // 165..235, clear of 130
        { x: 240, lane: 0, text: 'Late' }, // 230..250, overlaps the kept 165..235
      ],
      5,
    )
    expect(kept).toEqual([true, false, true, true, false])
  })
})
