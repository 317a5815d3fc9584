import type { BatchRecord } from './record-batch'

/** One record as read from a partition, before any decoding of its payload. */
export interface RawRecord extends BatchRecord {
  topic: string
  partition: number
  /** Written in a transaction that was aborted (only visible when asked for). */
  aborted: boolean
}

export interface PartitionFetch {
  topic: string
  partition: number
  offset: number
}

export interface PartitionBatch extends PartitionFetch {
  errorCode: number
  highWatermark: number
  lastStableOffset: number
  logStartOffset: number
  records: RawRecord[]
  /** The offset to fetch next: after the last complete batch read. */
  nextOffset: number
  /** Bytes of record data looked at (decompressed), whether decoded or skipped by the filter. */
  bytes: number
  /** Records in batches that were looked at (decoded or skipped). */
  scanned: number
}

export type Isolation = 'read_committed' | 'read_uncommitted'

export interface ReadOptions {
  /** Skips a batch whose (decompressed) records cannot match; the batch still counts as scanned. */
  batchFilter?: (records: Buffer) => boolean
  /** Only the first record at or after the offset is wanted (a timestamp lookup): later batches stay undecoded. */
  firstOnly?: boolean
  partitionMaxBytes?: number
  /** A cancelled read answers nothing instead of asking the brokers. */
  signal?: AbortSignal
}

/** Topics that cannot be read: absent from the cluster, or refused by an ACL (the error names the topic). */
export interface TopicGaps {
  missing: string[]
  denied: { topic: string; error: Error }[]
}

/**
 * What a trace (and `find`, `suggest`) needs from Kafka: metadata, offsets by time or at the
 * ends, and one fetch round over partitions by offset. `PartitionReader` reads a real cluster;
 * `trace/testing/memory-source.ts` is the in-memory one the unit tests use.
 */
export interface PartitionSource {
  readonly isolation: Isolation
  /** The partition ids of a topic; throws when the topic does not exist. */
  partitions(topic: string): Promise<number[]>
  /** The topics among `topics` the cluster does not have or refuses (without failing the others). */
  topicGaps(topics: string[]): Promise<TopicGaps>
  /**
   * Offsets per partition: the earliest, the log end, or the first offset whose timestamp is at
   * or after `at` (the log end when there is none).
   */
  offsets(topic: string, partitions: number[], at: 'earliest' | 'latest' | number): Promise<Map<number, number>>
  /** One fetch round: records at or after each asked offset, aborted ones marked. */
  fetch(wanted: PartitionFetch[], options?: ReadOptions): Promise<PartitionBatch[]>
  /** Forgets cached metadata, e.g. after a NOT_LEADER error. */
  refresh(): Promise<void>
}
