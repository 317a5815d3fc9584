import { describe, expect, it } from 'vitest'
import { traceMapSchema } from '../../shared/contract/trace'
import { findRecords } from './find'
import { MemorySource } from './testing/memory-source'

const map = traceMapSchema.parse({
  entity: 'order',
  rootKind: 'orderId',
  typePath: '$.type',
  topics: [{ topic: 'orders', ids: [{ from: 'key', kind: 'orderId' }] }],
})

function ordersSource(onFetch?: (round: number) => void) {
  const source = new MemorySource({ recordsPerFetch: 10, onFetch }).topic('orders', 1)
  for (let i = 0; i < 200; i++)
    source.append('orders', { key: `ord-${i}`, value: { type: 'OrderCreated' }, timestamp: Date.now() - 60_000 + i })
  return source
}

describe('findRecords and its time budget', () => {
  it('reads the whole window and says nothing of a budget when it has time', async () => {
    const res = await findRecords(
      { reader: ordersSource(), map },
      { id: 'p', last: '10m', type: 'OrderCreated', limit: 500 },
      new AbortController().signal,
    )
    expect(res.recordsScanned).toBe(200)
    expect(res.hits).toHaveLength(200)
    expect(res.stoppedAfterMs).toBeUndefined()
  })

  it('answers with what it read, and says it stopped, when the budget runs out mid-window', async () => {
    const budget = new AbortController()
    const res = await findRecords(
      { reader: ordersSource((round) => round === 5 && budget.abort()), map },
      { id: 'p', last: '10m', type: 'OrderCreated', limit: 500 },
      budget.signal,
    )
    expect(res.recordsScanned).toBeGreaterThan(0)
    expect(res.recordsScanned).toBeLessThan(200)
    expect(res.hits.length).toBe(res.recordsScanned)
    expect(res.stoppedAfterMs).toBeGreaterThanOrEqual(0)
  })
})
