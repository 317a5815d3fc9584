import { describe, expect, it } from 'vitest'
import type { TraceMapInput } from '../../shared/contract/trace'
import { demoTraceMap } from './demo-trace-map'
import { demoSource, event, happyOrder, HOUR, MIN, NOW, traceOn } from './testing/trace-fixture'

const kinds = (r: { verdict: { findings: { kind: string }[] } }) => r.verdict.findings.map((f) => f.kind)
const messages = (r: { verdict: { findings: { message: string }[] } }) => r.verdict.findings.map((f) => f.message)

describe('trace engine: transactions', () => {
  it('hides records of aborted transactions unless asked, and never counts them in the story', async () => {
    const source = demoSource()
    happyOrder(source, 'ord-1', NOW - 20 * MIN, MIN, 3)
    const txn = source.begin('orders')
    source.append('orders', { ...event('OrderCancelled', 'ord-1', NOW - 10 * MIN), key: 'ord-1' }, txn)
    source.end(txn, 'abort')
    const hidden = await traceOn(source, { entityId: 'ord-1' })
    expect(hidden.result.events.map((e) => e.type)).not.toContain('OrderCancelled')
    const shown = await traceOn(source, { entityId: 'ord-1', includeAborted: true })
    const cancelled = shown.result.events.find((e) => e.type === 'OrderCancelled')
    expect(cancelled).toMatchObject({ aborted: true })
    // An aborted terminal event does not end the story.
    expect(shown.result.verdict.status).toBe('stuck')
  })

  it('shows a committed transaction and says when the story may go on behind an open one', async () => {
    const source = demoSource()
    happyOrder(source, 'ord-1', NOW - 20 * MIN, MIN, 3)
    const committed = source.begin('payments')
    source.append('payments', { ...event('PaymentReceived', 'ord-1', NOW - 15 * MIN), key: 'pay-ord-1' }, committed)
    source.end(committed, 'commit')
    const open = source.begin('orders')
    source.append('orders', { ...event('OrderConfirmed', 'ord-1', NOW - 5 * MIN), key: 'ord-1' }, open)
    const { result } = await traceOn(source, { entityId: 'ord-1' })
    expect(result.events.map((e) => e.type)).toContain('PaymentReceived')
    expect(result.events.map((e) => e.type)).not.toContain('OrderConfirmed')
    const uncommitted = result.verdict.findings.find((f) => f.kind === 'uncommitted')
    expect(uncommitted?.message).toMatch(/^1 record\(s\) wait behind open transactions \(orders\/\d after offset \d+\)/)
  })
})

describe('trace engine: cancellation and bounds', () => {
  it('answers with the verdict on what it read when cancelled mid-scan', async () => {
    const controller = new AbortController()
    const source = demoSource(6, { recordsPerFetch: 5, onFetch: (n) => n === 8 && controller.abort() })
    for (let i = 0; i < 40; i++) happyOrder(source, `ord-${i}`, NOW - 20 * MIN)
    const { result, updates } = await traceOn(
      source,
      { entityId: 'ord-39', fullScan: true },
      { signal: controller.signal },
    )
    expect(result.stats.cancelled).toBe(true)
    expect(messages(result)).toContain('Cancelled: the story may be incomplete')
    expect(result.events.length).toBeLessThan(9)
    expect(updates.at(-1)).toMatchObject({ kind: 'done', stats: { cancelled: true } })
    // No fetch after the cancel: the source saw the round that aborted, and nothing more.
    expect(source.fetches).toBe(8)
  })

  it('answers at once, having read nothing, when cancelled before it starts', async () => {
    const source = demoSource()
    happyOrder(source, 'ord-1', NOW - 20 * MIN)
    const { result } = await traceOn(source, { entityId: 'ord-1' }, { signal: AbortSignal.abort() })
    expect(source.fetches).toBe(0)
    expect(result.verdict.status).toBe('not-found')
    expect(result.stats).toMatchObject({ cancelled: true, recordsScanned: 0 })
  })

  it('keeps at most the record cap of events and says the story was cut', async () => {
    const source = demoSource()
    for (let i = 0; i < 8; i++)
      source.append('orders', { ...event('OrderUpdated', 'ord-1', NOW - (20 - i) * MIN), key: 'ord-1' })
    const { result } = await traceOn(source, { entityId: 'ord-1' }, { deps: { maxEvents: 5 } })
    expect(result.events).toHaveLength(5)
    expect(messages(result)).toContain('More than 5 events match: the rest were not kept')
  })
})

describe('trace engine: every verdict', () => {
  it('complete, in progress, stuck and not found against the flow', async () => {
    const source = demoSource()
    happyOrder(source, 'done', NOW - 30 * MIN)
    happyOrder(source, 'stuck', NOW - 30 * MIN, MIN, 3) // waits for PaymentReceived for half an hour
    happyOrder(source, 'moving', NOW - 20_000, 5_000, 3) // PaymentReceived not due yet
    const status = async (id: string) => (await traceOn(source, { entityId: id })).result.verdict
    expect(await status('done')).toMatchObject({ status: 'complete', lastType: 'OrderCompleted' })
    const stuck = await status('stuck')
    expect(stuck).toMatchObject({ status: 'stuck', lastType: 'PaymentRequested' })
    expect(stuck.summary).toMatch(/^Stuck at PaymentRequested for 29\.0 min/)
    expect(await status('moving')).toMatchObject({ status: 'in-progress', lastType: 'PaymentRequested' })
    expect(await status('nobody')).toMatchObject({ status: 'not-found', summary: 'No events found for this id' })
  })

  it('no-flow when the map has none', async () => {
    const { flow: _flow, ...map } = demoTraceMap
    const source = demoSource()
    happyOrder(source, 'ord-1', NOW - 30 * MIN, MIN, 2)
    const { result } = await traceOn(source, { entityId: 'ord-1' }, { map: map as TraceMapInput })
    expect(result.verdict).toMatchObject({ status: 'no-flow', lastType: 'PaymentRequested' })
  })

  it('flags duplicates, events after the terminal one, effects before causes, skewed clocks and raw values', async () => {
    const source = demoSource()
    const created = { ...event('OrderCreated', 'ord-1', NOW - 30 * MIN), key: 'ord-1' }
    source.append('orders', created)
    const causeId = created.value.eventId
    const dup = { ...event('PaymentRequested', 'ord-1', NOW - 31 * MIN, { causationId: causeId }), key: 'pay-1' }
    dup.value.occurredAt = NOW - 40 * MIN
    source.append('payments', dup)
    source.append('payments', dup)
    source.append('orders', { ...event('OrderCancelled', 'ord-1', NOW - 20 * MIN), key: 'ord-1' })
    source.append('inventory', { ...event('InventoryReserved', 'ord-1', NOW - 10 * MIN), key: 'sku-1' })
    // Schema Registry framing (magic 0, schema 7) without a registry: shown raw.
    const framed = Buffer.concat([Buffer.from([0, 0, 0, 0, 7]), Buffer.from('ord-1')])
    source.append('orders', { key: 'ord-1', value: framed, timestamp: NOW - 5 * MIN })
    const { result } = await traceOn(source, { entityId: 'ord-1' })
    expect(result.verdict.status).toBe('complete')
    expect(new Set(kinds(result))).toEqual(
      new Set(['duplicate', 'out-of-order', 'clock-skew', 'after-terminal', 'undecodable']),
    )
  })
})

describe('trace engine: topics the cluster lacks', () => {
  it('skips them with a finding that names them and traces the rest', async () => {
    const map: TraceMapInput = {
      ...demoTraceMap,
      topics: [
        ...demoTraceMap.topics,
        { topic: 'refunds', ids: [{ from: 'value', path: '$.orderId', kind: 'orderId' }] },
      ],
    }
    const lacking = demoSource(6)
    happyOrder(lacking, 'ord-1', NOW - HOUR)
    const { result } = await traceOn(lacking, { entityId: 'ord-1' }, { map })
    expect(result.verdict.status).toBe('complete')
    expect(result.events).toHaveLength(9)
    expect(messages(result)).toContain(
      'Not on this cluster, skipped: refunds (the trace map names it); the other topics were traced',
    )
  })
})
