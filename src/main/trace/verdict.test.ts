import { describe, expect, it } from 'vitest'
import type { TraceEvent } from '../../shared/contract/trace'
import { traceMapSchema } from '../../shared/contract/trace'
import { demoTraceMap } from './demo-trace-map'
import { FINDINGS_PER_KIND, verdictOf } from './verdict'
import { parseTime } from './time-spec'
import { compilePath } from './json-path'

const flow = traceMapSchema.parse(demoTraceMap).flow
let offset = 0
const ev = (type: string, timestamp: number, extra: Partial<TraceEvent> = {}): TraceEvent => ({
  topic: 'orders',
  partition: 0,
  offset: offset++,
  timestamp,
  key: 'ord-1',
  keyFormat: 'text',
  headers: {},
  value: {},
  valueFormat: 'json',
  tombstone: false,
  aborted: false,
  size: 10,
  type,
  eventId: `e-${type}-${timestamp}`,
  matchedBy: 'orderId=ord-1 (key)',
  ...extra,
})

describe('trace verdict', () => {
  it('says where the chain stopped and for how long', () => {
    const v = verdictOf(
      [ev('OrderCreated', 0), ev('PaymentRequested', 100), ev('InventoryReserved', 200)],
      flow,
      12 * 60_000,
    )
    expect(v.status).toBe('stuck')
    expect(v.summary).toBe(
      'Stuck at PaymentRequested for 12.0 min (expected PaymentReceived within 1.0 min of PaymentRequested)',
    )
  })

  it('is in progress while the next step is not yet due, complete at a terminal type', () => {
    expect(verdictOf([ev('OrderCreated', 0), ev('PaymentRequested', 100)], flow, 5000).status).toBe('in-progress')
    expect(verdictOf([ev('OrderCreated', 0), ev('OrderCancelled', 100)], flow, 10 ** 9).status).toBe('complete')
  })

  it('flags duplicates, events after the terminal one, causes stamped after their effects and skewed clocks', () => {
    const created = ev('OrderCreated', 1000, { eventId: 'a', occurredAt: 5000 })
    const v = verdictOf(
      [
        ev('PaymentRequested', 900, { eventId: 'b', causationId: 'a', occurredAt: 1000 }),
        created,
        ev('OrderCompleted', 2000, { eventId: 'c' }),
        ev('OrderCompleted', 2001, { eventId: 'c' }),
        ev('ItemShipped', 3000, { eventId: 'd' }),
      ],
      flow,
      10_000,
    )
    const kinds = v.findings.map((f) => f.kind)
    expect(kinds).toEqual(expect.arrayContaining(['duplicate', 'after-terminal', 'out-of-order', 'clock-skew']))
  })

  it('lists at most the first findings of each kind and counts the rest', () => {
    // 300 effects each stamped before its cause, and the flow's PaymentRequested before OrderCreated: 301.
    const events = Array.from({ length: 300 }, (_, i) => [
      ev('PaymentRequested', i * 10, { eventId: `eff-${i}`, causationId: `cause-${i}` }),
      ev('OrderCreated', i * 10 + 5, { eventId: `cause-${i}` }),
    ]).flat()
    const v = verdictOf(events, flow, 10_000)
    const ooo = v.findings.filter((f) => f.kind === 'out-of-order')
    expect(ooo).toHaveLength(FINDINGS_PER_KIND + 1)
    expect(ooo.at(-1)!.omitted).toBe(301 - FINDINGS_PER_KIND)
    expect(ooo.at(-1)!.message).toBe(`…and ${301 - FINDINGS_PER_KIND} more out-of-order finding(s) not listed`)
  })

  it('has nothing to say about an id that was not found', () => {
    expect(verdictOf([], flow, 0).status).toBe('not-found')
  })
})

describe('time hints and paths', () => {
  it('reads epoch ms, ISO and relative times, and rejects the rest', () => {
    expect(parseTime('-15m', 1_000_000)).toBe(100_000)
    expect(parseTime('2026-01-01T00:00:00Z')).toBe(Date.UTC(2026, 0, 1))
    expect(parseTime(42)).toBe(42)
    expect(() => parseTime('yesterday-ish')).toThrow(/not a time/)
  })

  it('follows object keys and array indexes', () => {
    expect(compilePath('$.a.b[1].c')({ a: { b: [{}, { c: 'x' }] } })).toBe('x')
    expect(compilePath('$.a.b')({ a: 'str' })).toBeUndefined()
  })
})
