import { createRequire } from 'node:module'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { walkBatches } from './record-batch'
import { readPartition } from './partition-reader'

// kafkajs' own encoder builds the batches: an implementation independent of the decoder under test.
const require = createRequire(import.meta.url)
const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0/index.js') as {
  RecordBatch: (o: object) => Promise<{ buffer: Buffer }>
}
const Record = require('kafkajs/src/protocol/recordBatch/record/v0/index.js') as (o: object) => unknown
const Long = require('kafkajs/src/utils/long.js') as { fromNumber(n: number): unknown; fromValue(v: unknown): unknown }

async function batch(base: number, n: number, opts: { transactional?: boolean; producerId?: number } = {}) {
  const records = Array.from({ length: n }, (_, i) =>
    Record({
      offsetDelta: i,
      timestampDelta: i * 10,
      key: i % 3 === 0 ? null : Buffer.from(`k${base + i}`),
      value: Buffer.from(JSON.stringify({ n: base + i })),
      headers: { h: Buffer.from('v') },
    }),
  )
  const b = await RecordBatch({
    firstOffset: Long.fromNumber(base),
    firstTimestamp: 1_700_000_000_000,
    maxTimestamp: 1_700_000_000_000 + n * 10,
    lastOffsetDelta: n - 1,
    records,
    transactional: opts.transactional ?? false,
    producerId: Long.fromValue(opts.producerId ?? -1),
  })
  return b.buffer
}

describe('record batches', () => {
  it('decodes offsets, timestamps, null keys and headers of kafkajs-encoded batches', async () => {
    const set = Buffer.concat([await batch(100, 5), await batch(105, 3)])
    const seen: number[] = []
    const next = walkBatches(set, (b) => {
      for (const r of b.decode()) {
        seen.push(r.offset)
        expect(r.timestamp).toBe(1_700_000_000_000 + (r.offset - b.header.baseOffset) * 10)
        expect(JSON.parse(r.value!.toString()).n).toBe(r.offset)
        expect(r.key === null).toBe((r.offset - b.header.baseOffset) % 3 === 0)
        expect(r.headers).toEqual([['h', Buffer.from('v')]])
      }
    })
    expect(seen).toEqual([100, 101, 102, 103, 104, 105, 106, 107])
    expect(next).toBe(108)
  })

  it('stops at a batch cut short by the fetch size limit', async () => {
    const whole = Buffer.concat([await batch(0, 4), await batch(4, 4)])
    const cut = whole.subarray(0, whole.length - 7)
    let count = 0
    expect(walkBatches(cut, (b) => (count += b.decode().length))).toBe(4)
    expect(count).toBe(4)
  })

  it('marks records of an aborted transaction and skips records before the fetch offset', async () => {
    const fetched = {
      topic: 't',
      partition: 0,
      errorCode: 0,
      highWatermark: 10,
      lastStableOffset: 10,
      logStartOffset: 0,
      abortedTransactions: [{ producerId: 7, firstOffset: 3 }],
      recordSet: Buffer.concat([await batch(0, 3), await batch(3, 3, { transactional: true, producerId: 7 })]),
    }
    const read = readPartition(fetched, 1)
    expect(read.records.map((r) => [r.offset, r.aborted])).toEqual([
      [1, false],
      [2, false],
      [3, true],
      [4, true],
      [5, true],
    ])
    expect(read.nextOffset).toBe(6)
    expect(readPartition(fetched, 0, (area) => area.includes('"n":1}')).records.map((r) => r.offset)).toEqual([0, 1, 2])
    // A timestamp lookup: the one record at the offset, the walk still reporting where the set ends.
    const first = readPartition(fetched, 2, undefined, true)
    expect(first.records.map((r) => [r.offset, r.aborted])).toEqual([[2, false]])
    expect(first.nextOffset).toBe(6)
  })

  it('rejects a corrupt gzip batch with an error, not a crash', async () => {
    const b = Buffer.from(await batch(0, 1))
    b.writeInt16BE(1, 21) // claim gzip while the records are plain
    expect(() => walkBatches(b, (x) => x.decode())).toThrow()
    expect(gzipSync(Buffer.from('x')).length).toBeGreaterThan(0)
  })
})
