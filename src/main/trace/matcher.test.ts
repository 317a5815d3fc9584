import { describe, expect, it } from 'vitest'
import { traceMapSchema } from '../../shared/contract/trace'
import type { RawRecord } from '../kafka/partition-source'
import { demoTraceMap } from './demo-trace-map'
import { IdSet, locate, TopicMatcher, topicsOf } from './matcher'

const map = traceMapSchema.parse(demoTraceMap)
const topic = (name: string) => map.topics.find((t) => t.topic === name)!
const rec = (key: string | null, value: unknown, headers: [string, string][] = []): RawRecord => ({
  topic: 'payments',
  partition: 0,
  offset: 0,
  timestamp: 0,
  key: key === null ? null : Buffer.from(key),
  value: Buffer.from(JSON.stringify(value)),
  headers: headers.map(([k, v]) => [k, Buffer.from(v)]),
  size: 0,
  aborted: false,
})

describe('id sets', () => {
  it('keeps ids by kind, each once', () => {
    const ids = new IdSet()
    expect(ids.add('orderId', 'o1')).toBe(true)
    expect(ids.add('orderId', 'o1')).toBe(false)
    ids.add('paymentId', 'p1')
    expect(ids.size).toBe(2)
    expect(ids.has('orderId', 'o1')).toBe(true)
    expect(ids.has('paymentId', 'o1')).toBe(false)
    expect(ids.of('shipmentId')).toEqual([])
    expect(ids.toJSON()).toEqual({ orderId: ['o1'], paymentId: ['p1'] })
  })
})

describe('topic matcher', () => {
  it('matches by key or by value path, and says which', () => {
    const ids = new IdSet()
    ids.add('orderId', 'o1')
    const m = new TopicMatcher(topic('payments'), ids)
    expect(m.match(rec('p9', { orderId: 'o1' }), { orderId: 'o1' })).toBe('orderId=o1 ($.orderId)')
    expect(m.match(rec('p9', { orderId: 'o2' }), { orderId: 'o2' })).toBeUndefined()
    ids.add('paymentId', 'p9')
    expect(m.match(rec('p9', { orderId: 'o2' }), { orderId: 'o2' })).toBe('paymentId=p9 (key)')
  })

  it('matches by header, and locates ids where the map says', () => {
    const ids = new IdSet()
    ids.add('orderId', 'o1')
    const byHeader = new TopicMatcher(
      { topic: 'x', ids: [{ from: 'header', name: 'order', kind: 'orderId' }], links: [] },
      ids,
    )
    expect(byHeader.match(rec(null, {}, [['order', 'o1']]), {})).toBe('orderId=o1 (header order)')
    expect(locate({ from: 'key', kind: 'k' }, rec(null, {}), {})).toBeUndefined()
    expect(locate({ from: 'value', path: '$.a', kind: 'k' }, rec(null, {}), { a: 7 })).toBe('7')
  })

  it('byte-searches records and batches for the ids, so that most are skipped undecoded', () => {
    const ids = new IdSet()
    ids.add('orderId', 'o1')
    ids.add('paymentId', 'p1')
    const m = new TopicMatcher(topic('payments'), ids)
    const needles = m.needles()
    expect(needles.map(String).sort()).toEqual(['o1', 'p1'])
    const only = new IdSet()
    only.add('paymentId', 'p1')
    expect(m.needles(only).map(String)).toEqual(['p1'])
    expect(TopicMatcher.candidate(rec('zz', { x: 'o1' }), needles)).toBe(true)
    expect(TopicMatcher.candidate(rec('zz', {}, [['h', 'p1']]), needles)).toBe(true)
    expect(TopicMatcher.candidate(rec('zz', { x: 'o2' }), needles)).toBe(false)
    expect(TopicMatcher.filter(needles)(Buffer.from('..p1..'))).toBe(true)
    expect(TopicMatcher.filter(needles)(Buffer.from('......'))).toBe(false)
    expect(m.links.map((l) => [l.kind, l.get({ paymentId: 'p2' })])).toEqual([['paymentId', 'p2']])
  })
})

describe('topics of a trace', () => {
  it('all of the map, the ones asked for, and an unknown name is INVALID_INPUT', () => {
    expect(topicsOf(map, undefined)).toHaveLength(4)
    expect(topicsOf(map, ['orders']).map((t) => t.topic)).toEqual(['orders'])
    expect(() => topicsOf(map, ['orders', 'nope'])).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', message: 'Not in the trace map: nope' }),
    )
  })
})
