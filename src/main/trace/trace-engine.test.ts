import { describe, expect, it } from 'vitest'
import { ApiError } from '../../shared/contract/errors'
import type { TraceMapInput } from '../../shared/contract/trace'
import { demoTraceMap } from './demo-trace-map'
import { defaultPartition } from './murmur2'
import { demoSource, event, happyOrder, HOUR, MIN, NOW, partitionsRead, traceOn } from './testing/trace-fixture'

const types = (r: { events: { type?: string }[] }) => r.events.map((e) => e.type)
const ordersPartition = (id: string) => defaultPartition(Buffer.from(id), 6)

describe('trace engine over an in-memory cluster', () => {
  it('follows an order across its topics through links and finds it complete', async () => {
    const source = demoSource()
    happyOrder(source, 'ord-1', NOW - 20 * MIN)
    happyOrder(source, 'ord-2', NOW - 20 * MIN)
    const { result, updates } = await traceOn(source, { entityId: 'ord-1' })
    expect(types(result)).toEqual([
      'OrderCreated',
      'InventoryReserved',
      'PaymentRequested',
      'PaymentReceived',
      'OrderConfirmed',
      'ShipmentInitiated',
      'ItemShipped',
      'Delivered',
      'OrderCompleted',
    ])
    expect(result.events.every((e) => (e.value as { orderId: string }).orderId === 'ord-1')).toBe(true)
    expect(result.verdict.status).toBe('complete')
    expect(updates.at(-1)).toMatchObject({ kind: 'done', verdict: { status: 'complete' } })
    const streamed = updates.flatMap((u) => (u.kind === 'events' ? u.events : []))
    expect(streamed).toHaveLength(9)
  })

  it('reads only the partition the root id hashes to when keys sit where murmur2 puts them', async () => {
    const source = demoSource()
    for (let i = 0; i < 30; i++) happyOrder(source, `ord-${i}`, NOW - 20 * MIN)
    const { result, updates } = await traceOn(source, { entityId: 'ord-7' })
    expect(result.verdict.status).toBe('complete')
    expect(partitionsRead(updates, 'orders')).toEqual([ordersPartition('ord-7')])
    // payments holds the orderId in the value too: read whole.
    expect(partitionsRead(updates, 'payments')).toEqual([0, 1])
  })

  it('falls back to reading every partition when keys are not partitioned by murmur2', async () => {
    const source = demoSource()
    // A custom partitioner: the order sits in a partition murmur2 would not pick.
    const wrong = (ordersPartition('ord-x') + 1) % 6
    for (let i = 0; i < 12; i++) {
      source.append('orders', { ...event('OrderCreated', `o-${i}`, NOW - 30 * MIN), key: `o-${i}`, partition: i % 6 })
    }
    source.append('orders', { ...event('OrderCreated', 'ord-x', NOW - 10 * MIN), key: 'ord-x', partition: wrong })
    const { result, updates } = await traceOn(source, { entityId: 'ord-x' })
    expect(result.events.map((e) => [e.type, e.partition])).toEqual([['OrderCreated', wrong]])
    expect(partitionsRead(updates, 'orders')).toEqual([0, 1, 2, 3, 4, 5])
  })

  it('falls back to the whole topic when the id is not (only) the key', async () => {
    const map: TraceMapInput = {
      ...demoTraceMap,
      topics: [{ topic: 'orders', ids: [{ from: 'value', path: '$.orderId', kind: 'orderId' }] }],
    }
    const source = demoSource()
    for (let i = 0; i < 30; i++) happyOrder(source, `ord-${i}`, NOW - 20 * MIN)
    const { result, updates } = await traceOn(source, { entityId: 'ord-1' }, { map })
    expect(partitionsRead(updates, 'orders')).toEqual([0, 1, 2, 3, 4, 5])
    expect(types(result)).toEqual(['OrderCreated', 'OrderConfirmed', 'OrderCompleted'])
  })

  it('widens the window forward, up to now, while the story is unfinished', async () => {
    const source = demoSource()
    // Six hours from creation to delivery, never completed: past the 30-minute span and the 2-hour one.
    happyOrder(source, 'ord-slow', NOW - 8 * HOUR, HOUR, 8)
    const { result } = await traceOn(source, { entityId: 'ord-slow' })
    expect(types(result).at(-1)).toBe('Delivered')
    expect(result.events).toHaveLength(8)
    expect(result.verdict).toMatchObject({ status: 'stuck', lastType: 'Delivered' })
    expect(result.stats.window).toEqual({ from: NOW - 8 * HOUR - MIN, until: null })
    expect(result.stats.passes).toBeGreaterThan(2)
  })

  it('stops widening once the story is complete', async () => {
    const source = demoSource()
    happyOrder(source, 'ord-1', NOW - 10 * HOUR)
    source.append('payments', { ...event('PaymentRequested', 'ord-1', NOW - MIN), key: 'pay-late' })
    const { result } = await traceOn(source, { entityId: 'ord-1' })
    expect(result.verdict.status).toBe('complete')
    // The window stayed at the first span past creation: the record of a minute ago was never read.
    expect(result.stats.window.until).toBe(NOW - 10 * HOUR + 30 * MIN)
    expect(result.events).toHaveLength(9)
  })

  it('walks forward from --since while nothing is found', async () => {
    const source = demoSource()
    happyOrder(source, 'ord-1', NOW - 3 * HOUR)
    const { result } = await traceOn(source, { entityId: 'ord-1', since: NOW - 6 * HOUR })
    expect(result.verdict.status).toBe('complete')
    expect(result.stats.window.from).toBe(NOW - 6 * HOUR)
  })

  it('looks back step by step, up to the whole log, for an id whose key tells nothing', async () => {
    const source = demoSource()
    // Only in inventory (no key to hash), eight days ago: past every look-back step but the last.
    source.append('inventory', { ...event('InventoryReserved', 'ord-old', NOW - 8 * 24 * HOUR), key: 'sku-1' })
    const { result } = await traceOn(source, { entityId: 'ord-old' })
    expect(types(result)).toEqual(['InventoryReserved'])
    expect(result.stats.window).toEqual({ from: null, until: null })
  })

  it('reads exactly the --since/--until window and refuses one that ends before it starts', async () => {
    const source = demoSource()
    happyOrder(source, 'ord-1', NOW - 2 * HOUR)
    const { result } = await traceOn(source, {
      entityId: 'ord-1',
      since: NOW - 2 * HOUR,
      until: NOW - 2 * HOUR + 2 * MIN,
    })
    expect(result.stats.window).toEqual({ from: NOW - 2 * HOUR, until: NOW - 2 * HOUR + 2 * MIN })
    const err = await traceOn(source, { entityId: 'ord-1', since: '-1h', until: '-2h' }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err).toMatchObject({ code: 'INVALID_INPUT', message: '--until is before --since' })
    await expect(traceOn(source, { entityId: 'ord-1', since: 'yesterday-ish' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    })
    await expect(traceOn(source, { entityId: 'ord-1', topics: ['nope'] })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: 'Not in the trace map: nope',
    })
  })
})
