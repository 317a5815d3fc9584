import { describe, expect, it } from 'vitest'
import { suggestMap } from './suggest'
import { demoSource, happyOrder, MIN, NOW } from './testing/trace-fixture'

describe('suggesting a trace map from recent records', () => {
  it('finds the id that recurs across topics as the root, keys and links included', async () => {
    const source = demoSource(3)
    for (let i = 0; i < 12; i++) happyOrder(source, `ord-${1000 + i}`, NOW - 60 * MIN + i * MIN)
    const { map, evidence } = await suggestMap(source, undefined, ['orders', 'payments', 'shipments'], undefined)
    expect(map.rootKind).toBe('orderId')
    expect(map.entity).toBe('order')
    const orders = map.topics.find((t) => t.topic === 'orders')!
    expect(orders.ids).toContainEqual({ from: 'key', kind: 'orderId' })
    const payments = map.topics.find((t) => t.topic === 'payments')!
    expect(payments.ids).toContainEqual({ from: 'value', path: '$.orderId', kind: 'orderId' })
    expect(evidence.map((e) => [e.topic, e.sampled])).toEqual([
      ['orders', 36],
      ['payments', 24],
      ['shipments', 36],
    ])
  })

  it('says so when no field recurs across the topics, and asks for topics when none are named', async () => {
    const source = demoSource(1)
    source.append('orders', { key: 'a', value: { x: 1 }, timestamp: NOW })
    source.append('payments', { key: 'b', value: { y: 2 }, timestamp: NOW })
    await expect(suggestMap(source, undefined, ['orders', 'payments'], undefined)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    })
    await expect(suggestMap(source, undefined, [], undefined)).rejects.toMatchObject({ code: 'INVALID_INPUT' })
  })
})
