import { describe, expect, it } from 'vitest'
import type { PartitionBatch } from '../kafka/partition-source'
import { answeringWithin } from './source-deadline'
import type { ClosableSource } from './source-pool'

const after = <T>(ms: number, value: T) => new Promise<T>((r) => setTimeout(() => r(value), ms))

/** A slow link: metadata and offsets answer after `stepMs` each; a fetch after `fetchMs`. */
function slowSource(stepMs: number, fetchMs: number): ClosableSource {
  return {
    isolation: 'read_committed',
    partitions: () => after(stepMs, [0]),
    topicGaps: () => after(stepMs, { missing: [], denied: [] }),
    offsets: () => after(stepMs, new Map([[0, 0]])),
    fetch: () => after(fetchMs, [] as PartitionBatch[]),
    refresh: () => after(stepMs, undefined),
    connect: async () => undefined,
    disconnect: async () => undefined,
  }
}

describe('answeringWithin', () => {
  it('fails a round trip that takes longer than its limit, naming Kafka', async () => {
    const s = answeringWithin(slowSource(10, 400), 100)
    await expect(s.fetch([])).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: 'Kafka did not answer within 100 ms',
    })
  })

  it('before the first fetch returns, steps that each answer in time still may not add up past firstBy', async () => {
    const s = answeringWithin(slowSource(50, 1000), 2000, Date.now() + 600)
    await s.partitions('t')
    await s.offsets('t', [0], 'latest')
    // 100 ms gone; the fetch alone would be in time (1000 < 2000) but ends past firstBy.
    await expect(s.fetch([])).rejects.toMatchObject({ code: 'UNAVAILABLE', message: 'Kafka did not answer within 2 s' })
  })

  it('after the first fetch, each round trip has its own limit again', async () => {
    const started = Date.now()
    const s = answeringWithin(slowSource(100, 150), 1000, started + 300)
    await s.fetch([])
    await s.fetch([])
    await s.fetch([])
    expect(Date.now() - started).toBeGreaterThan(300)
  })

  it('a fetch cut by the shared budget while another fetch landed gets its own limit', async () => {
    const started = Date.now()
    const slow: ClosableSource = { ...slowSource(10, 100), fetch: () => after(700, [] as PartitionBatch[]) }
    const quick = slowSource(10, 100)
    const s = answeringWithin(
      { ...slow, fetch: (w, o) => (w.length ? slow.fetch(w, o) : quick.fetch(w, o)) },
      2000,
      started + 400,
    )
    // Two fetch loops at once: the quick one lands inside the budget, the slow one after it.
    const [a, b] = await Promise.all([s.fetch([]), s.fetch([{ topic: 't', partition: 0, offset: 0 }])])
    expect(a).toEqual([])
    expect(b).toEqual([])
  })
})
