import { describe, expect, it } from 'vitest'
import { scanRanges, type HeldPartition } from './scanner'
import { MemorySource } from './testing/memory-source'

function source(opts: ConstructorParameters<typeof MemorySource>[0] = {}) {
  const s = new MemorySource({ recordsPerFetch: 3, ...opts }).topic('t', 2)
  for (let i = 0; i < 10; i++) s.append('t', { key: `k${i}`, value: { i }, timestamp: i, partition: i % 2 })
  return s
}

describe('scanner', () => {
  it('reads each range to its end over several fetch rounds, and counts what it looked at', async () => {
    const seen: string[] = []
    const totals = await scanRanges(
      source(),
      [
        { topic: 't', partition: 0, from: 0, to: 5 },
        { topic: 't', partition: 1, from: 2, to: 4 },
      ],
      { signal: new AbortController().signal, onRecord: (r) => void seen.push(`${r.partition}@${r.offset}`) },
    )
    expect(seen.sort()).toEqual(['0@0', '0@1', '0@2', '0@3', '0@4', '1@2', '1@3'])
    expect(totals.records).toBeGreaterThanOrEqual(7)
  })

  it('skips records the batch filter refuses, but counts them as scanned', async () => {
    const seen: number[] = []
    const totals = await scanRanges(source(), [{ topic: 't', partition: 0, from: 0, to: 5 }], {
      signal: new AbortController().signal,
      batchFilter: (area) => area.includes('k4'),
      onRecord: (r) => void seen.push(r.offset),
    })
    expect(seen).toEqual([2])
    expect(totals.records).toBe(5)
  })

  it('stops at an open transaction and reports what waits behind it', async () => {
    const s = source()
    const txn = s.begin('t')
    s.append('t', { key: 'x', value: { x: 1 }, timestamp: 20, partition: 0 }, txn)
    s.append('t', { key: 'y', value: { y: 1 }, timestamp: 21, partition: 0 }, txn)
    const held: HeldPartition[] = []
    const seen: number[] = []
    await scanRanges(s, [{ topic: 't', partition: 0, from: 0, to: 7 }], {
      signal: new AbortController().signal,
      onRecord: (r) => void seen.push(r.offset),
      onHeld: (h) => held.push(h),
    })
    expect(seen).toEqual([0, 1, 2, 3, 4])
    expect(held).toEqual([{ topic: 't', partition: 0, stableOffset: 5, records: 2 }])
  })

  it('stops fetching once cancelled, and fails loudly on a Kafka error', async () => {
    const controller = new AbortController()
    const s = source({ recordsPerFetch: 1, onFetch: (n) => n === 2 && controller.abort() })
    const seen: number[] = []
    await scanRanges(s, [{ topic: 't', partition: 0, from: 0, to: 5 }], {
      signal: controller.signal,
      onRecord: (r) => void seen.push(r.offset),
    })
    expect(seen).toEqual([0, 1])
    expect(s.fetches).toBe(2)
    await expect(
      scanRanges(s, [{ topic: 'gone', partition: 0, from: 0, to: 5 }], {
        signal: new AbortController().signal,
        onRecord: () => undefined,
      }),
    ).rejects.toThrow('Kafka error 3 reading gone/0')
  })
})
