import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CheckpointRecord } from './checkpoint-record'
import { CheckpointHistoryStore } from './history-store'

const T = Date.now() - 60_000
const rec = (jobId: string, id: number, at: number): CheckpointRecord => ({
  jobId,
  jobName: 'order-service',
  id,
  status: 'COMPLETED',
  isSavepoint: false,
  type: 'CHECKPOINT',
  triggerTimestamp: at,
  latestAckTimestamp: at + 10,
  durationMs: 10,
  stateSize: 1,
  checkpointedSize: 1,
  processedData: 0,
  persistedData: 0,
  alignmentBuffered: 0,
  numSubtasks: 1,
  numAcknowledgedSubtasks: 1,
  externalPath: null,
  failureTimestamp: null,
  failureMessage: null,
})

describe('CheckpointHistoryStore', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'keytrail-history-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('a write the disk refuses keeps nothing in memory either, so the next poll stores it: no gap', async () => {
    const store = new CheckpointHistoryStore(dir)
    expect(await store.add([rec('a', 1, T + 1000)])).toHaveLength(1)
    // The job's file replaced by a directory: every append fails, as on a read-only or full disk.
    const file = readdirSync(dir).find((f) => f.endsWith('.jsonl')) ?? ''
    const lines = readFileSync(path.join(dir, file), 'utf8')
    rmSync(path.join(dir, file))
    mkdirSync(path.join(dir, file))
    const err = await store.add([rec('a', 2, T + 2000)]).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining("Keytrail's state directory") })
    expect((await store.list('order-service')).map((r) => r.id)).toEqual([1])
    rmSync(path.join(dir, file), { recursive: true })
    writeFileSync(path.join(dir, file), lines)
    expect((await store.add([rec('a', 2, T + 2000)])).map((r) => r.id)).toEqual([2])
    expect((await new CheckpointHistoryStore(dir).list('order-service')).map((r) => r.id)).toEqual([1, 2])
  })

  it('keeps a checkpoint once when two adds race (the recorder poll and a page read)', async () => {
    const store = new CheckpointHistoryStore(dir)
    const batch = [rec('a', 1, T + 1000), rec('a', 2, T + 2000)]
    const [x, y] = await Promise.all([store.add(batch), store.add(batch)])
    expect(x.length + y.length).toBe(2)
    expect((await new CheckpointHistoryStore(dir).list('order-service')).map((r) => r.id)).toEqual([1, 2])
  })

  it('lists a checkpoint another add is still writing (a page read during the recorder poll)', async () => {
    const store = new CheckpointHistoryStore(dir)
    const writing = store.add([rec('a', 1, T + 1000)])
    expect(await store.add([rec('a', 1, T + 1000)])).toEqual([])
    expect((await store.list('order-service')).map((r) => r.id)).toEqual([1])
    await writing
  })

  it('keeps each checkpoint once, across job ids of the same job name and across reopenings', async () => {
    const store = new CheckpointHistoryStore(dir)
    expect(await store.add([rec('a', 1, T + 1000), rec('a', 2, T + 2000)])).toHaveLength(2)
    expect(await store.add([rec('a', 2, T + 2000), rec('b', 1, T + 3000)])).toHaveLength(1)
    const reopened = new CheckpointHistoryStore(dir)
    expect((await reopened.list('order-service')).map((r) => `${r.jobId}/${r.id}`)).toEqual(['a/1', 'a/2', 'b/1'])
    expect(await reopened.jobNames()).toEqual(['order-service'])
  })

  it('stores a job whose name is no valid file name (too long, a lone surrogate) under a safe one', async () => {
    const store = new CheckpointHistoryStore(dir)
    for (const jobName of ['é'.repeat(300), 'bad\uD800name', 'insert-into_default_catalog.default_database.sink']) {
      expect(await store.add([{ ...rec('a', 1, T + 1000), jobName }])).toHaveLength(1)
      expect((await new CheckpointHistoryStore(dir).list(jobName)).map((r) => r.id)).toEqual([1])
    }
    for (const f of readdirSync(dir)) expect(Buffer.byteLength(f)).toBeLessThanOrEqual(255)
    // A name that always had a valid file keeps it: history written before stays readable.
    expect(readdirSync(dir)).toContain('insert-into_default_catalog.default_database.sink.jsonl')
  })

  it('reads a job again after a failed read instead of failing until a restart', async () => {
    const store = new CheckpointHistoryStore(dir)
    mkdirSync(path.join(dir, 'order-service.jsonl')) // reading it fails (EISDIR)
    const err = await store.list('order-service').catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining("Keytrail's state directory") })
    expect(String((err as Error).message)).not.toContain(dir)
    rmSync(path.join(dir, 'order-service.jsonl'), { recursive: true })
    expect(await store.add([rec('a', 1, T + 1000)])).toHaveLength(1)
    expect((await store.list('order-service')).map((r) => r.id)).toEqual([1])
  })

  it('skips a corrupt line instead of failing', async () => {
    const store = new CheckpointHistoryStore(dir)
    await store.add([rec('a', 1, T + 1000)])
    appendFileSync(path.join(dir, 'order-service.jsonl'), '{not json\n{"id":"wrong"}\n')
    expect(await new CheckpointHistoryStore(dir).list('order-service')).toHaveLength(1)
  })

  it('keeps the damaged lines aside when compaction rewrites the file', async () => {
    const now = 10_000_000
    const file = path.join(dir, 'order-service.jsonl')
    appendFileSync(file, `${JSON.stringify(rec('a', 1, now - 1000))}\n{"id":2,"jobNa\n`)
    const store = new CheckpointHistoryStore(dir, { retentionMs: 5_000_000, maxPerJob: 2 }, () => now)
    await store.add([rec('a', 2, now - 900), rec('a', 3, now - 800), rec('a', 4, now - 700)])
    expect((await store.list('order-service')).map((r) => r.id)).toEqual([3, 4])
    expect(readFileSync(`${file}.damaged`, 'utf8')).toBe('{"id":2,"jobNa\n')
  })

  it('drops what is older than the retention and caps the count, on disk too', async () => {
    const now = 10_000_000
    const store = new CheckpointHistoryStore(dir, { retentionMs: 5_000_000, maxPerJob: 10 }, () => now)
    await store.add(Array.from({ length: 30 }, (_, i) => rec('a', i, now - 30_000 + i * 1000)))
    await store.add([rec('old', 1, now - 6_000_000)])
    const kept = await store.list('order-service')
    expect(kept).toHaveLength(10)
    expect(kept[0]?.id).toBe(20)
    const lines = readFileSync(path.join(dir, 'order-service.jsonl'), 'utf8').trim().split('\n')
    expect(lines).toHaveLength(10)
  })
})
