import type { PartitionBatch, PartitionFetch, PartitionReader, RawRecord } from '../kafka/partition-reader'

/** One-partition topics held in memory, served through the reader's interface: for unit tests of scans. */
export function fakeReader(topics: Record<string, { key: Buffer | null; value: Buffer | null }[]>): PartitionReader {
  const now = Date.now()
  const records = (topic: string): RawRecord[] =>
    (topics[topic] ?? []).map((r, offset) => ({
      ...r,
      topic,
      partition: 0,
      offset,
      timestamp: now - 1000 + offset,
      headers: [],
      size: 0,
      aborted: false,
    }))
  const reader = {
    isolation: 'read_committed',
    partitions: async () => [0],
    refresh: async () => undefined,
    offsets: async (topic: string, parts: number[], at: 'earliest' | 'latest' | number) =>
      new Map(parts.map((p) => [p, at === 'latest' ? records(topic).length : 0])),
    fetch: async (wanted: PartitionFetch[]): Promise<PartitionBatch[]> =>
      wanted.map((w) => {
        const all = records(w.topic)
        const rs = all.slice(w.offset)
        return {
          ...w,
          errorCode: 0,
          highWatermark: all.length,
          lastStableOffset: all.length,
          logStartOffset: 0,
          records: rs,
          nextOffset: all.length,
          bytes: 0,
          scanned: rs.length,
        }
      }),
  }
  return reader as unknown as PartitionReader
}
