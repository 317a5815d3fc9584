import { describe, expect, it } from 'vitest'
import { findInputSchema, traceMapSchema, traceUpdateSchema } from '../../shared/contract/trace'
import { demoTraceMap } from './demo-trace-map'
import { MAX_HEADERS, MAX_ID_CHARS, MAX_PREVIEW_CHARS } from './event-bounds'
import { findRecords } from './find'
import { demoSource, event, MIN, NOW, traceOn } from './testing/trace-fixture'

const MB = 1024 * 1024
const DEEP = 100_000

/** One order whose records are as hostile as Kafka lets them be: the story must still come out whole. */
function hostileOrder() {
  const source = demoSource()
  const at = (i: number) => NOW - 30 * MIN + i * MIN
  const created = event('OrderCreated', 'ord-1', at(0))
  source.append('orders', {
    ...created,
    key: 'ord-1',
    headers: [
      ['event-type', 'OrderCreated'],
      ['__proto__', '{"polluted":true}'],
      ['constructor', 'x'],
      ['bad-utf8', Buffer.from([0xc3, 0x28])],
      ['huge', 'h'.repeat(MB)],
      ...Array.from({ length: 10_000 }, (_, i): [string, string] => [`h-${i}`, `${i}`]),
    ],
  })
  source.append('payments', { ...event('PaymentRequested', 'ord-1', at(1), { paymentId: 'pay-1' }), key: 'pay-1' })
  source.append('inventory', { ...event('InventoryReserved', 'ord-1', at(1) + 1000), key: 'sku-1' })
  // 100 000 levels deep, written as text: JSON.stringify of the fixture would itself overflow.
  const deep = `{"type":"PaymentReceived","eventId":"ev-deep","orderId":"ord-1","paymentId":"pay-1","occurredAt":${at(2)},"card":${'['.repeat(DEEP)}${']'.repeat(DEEP)}}`
  source.append('payments', { timestamp: at(2), key: 'pay-1', value: deep })
  // 10 MB, with the link to the shipment after the bulk: it is found only if matching reads the full value.
  const confirmed = event('OrderConfirmed', 'ord-1', at(3), { blob: 'b'.repeat(10 * MB), shipmentId: 'shp-1' })
  source.append('orders', { ...confirmed, key: 'ord-1' })
  for (const [i, type] of (['ShipmentInitiated', 'ItemShipped', 'Delivered'] as const).entries()) {
    const { orderId: _, ...value } = event(type, 'ord-1', at(4 + i), { shipmentId: 'shp-1' }).value
    source.append('shipments', { timestamp: at(4 + i), key: 'shp-1', value })
  }
  source.append('orders', { ...event('OrderCompleted', 'ord-1', at(7)), key: 'ord-1' })
  return source
}

describe('a trace over hostile records', () => {
  it('completes with the whole story, every update bounded and valid on the wire', async () => {
    const { result, updates } = await traceOn(hostileOrder(), { entityId: 'ord-1' })
    expect(result.verdict.status).toBe('complete')
    expect(result.events.map((e) => e.type)).toEqual([
      'OrderCreated',
      'PaymentRequested',
      'InventoryReserved',
      'PaymentReceived',
      'OrderConfirmed',
      'ShipmentInitiated',
      'ItemShipped',
      'Delivered',
      'OrderCompleted',
    ])
    for (const u of updates) {
      const wire = JSON.stringify(u)
      expect(() => traceUpdateSchema.parse(JSON.parse(wire))).not.toThrow()
      if (u.kind !== 'events') continue
      for (const e of u.events) expect(JSON.stringify(e).length).toBeLessThan(MAX_PREVIEW_CHARS + 80 * 1024)
    }
    const byType = new Map(result.events.map((e) => [e.type, e]))
    const created = byType.get('OrderCreated')!
    expect(Object.keys(created.headers)).toHaveLength(MAX_HEADERS)
    expect(created.headers).toMatchObject({ '__proto__ [1]': '{"polluted":true}', constructor: 'x' })
    expect(created.headers['bad-utf8']).toBe(`base64:${Buffer.from([0xc3, 0x28]).toString('base64')}`)
    expect(created.truncation?.headers).toMatch(/^10,005 headers: the first 100 shown/)
    const confirmed = byType.get('OrderConfirmed')!
    expect(confirmed.size).toBeGreaterThan(10 * MB)
    expect(confirmed.truncation?.value).toBeDefined()
    expect(confirmed).toMatchObject({ eventId: expect.stringMatching(/^ev-/), causationId: undefined })
    expect(byType.get('PaymentReceived')).toMatchObject({ eventId: 'ev-deep' })
    expect(byType.get('PaymentReceived')!.truncation?.value).toContain('nested deeper than 64 levels')
  })
})

describe('find over hostile records', () => {
  it('answers with ids and types cut to a bounded length', async () => {
    const source = demoSource()
    const huge = 'o'.repeat(MB)
    source.append('orders', { key: huge, value: { type: 't'.repeat(MB), orderId: huge }, timestamp: Date.now() })
    const input = findInputSchema.parse({ id: 'local', text: 'ooo' })
    const found = await findRecords(
      { reader: source, map: traceMapSchema.parse(demoTraceMap) },
      input,
      new AbortController().signal,
    )
    expect(found.hits).toHaveLength(1)
    const [hit] = found.hits
    expect(hit!.entityId!.length).toBeLessThanOrEqual(MAX_ID_CHARS + 1)
    expect(hit!.type!.length).toBeLessThanOrEqual(MAX_ID_CHARS + 1)
    expect(hit!.type!.endsWith('…')).toBe(true)
  })
})
