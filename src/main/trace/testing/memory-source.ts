import type {
  Isolation,
  PartitionBatch,
  PartitionFetch,
  PartitionSource,
  RawRecord,
  ReadOptions,
  TopicGaps,
} from '../../kafka/partition-source'
import { defaultPartition } from '../murmur2'

const UNKNOWN_TOPIC_OR_PARTITION = 3

/** A record to append: a value object is written as JSON; the partition defaults to murmur2 of the key. */
export interface MemoryRecord {
  /** Text, or bytes as written by a serializer (a registry-framed key). */
  key?: string | Buffer | null
  value?: unknown
  /** By name, or as Kafka holds them: in order, names repeated, values as bytes or null. */
  headers?: Record<string, string> | [string, string | Buffer | null][]
  timestamp: number
  partition?: number
}

type Entry =
  { control: false; record: RawRecord; producerId?: number } | { control: true; offset: number; producerId: number }

/** A transaction on one topic (enough for the engine: Kafka's markers are per partition anyway). */
export interface Txn {
  topic: string
  producerId: number
  /** First offset per partition written in the transaction. */
  firsts: Map<number, number>
  state: 'open' | 'committed' | 'aborted'
}

export interface MemorySourceOptions {
  isolation?: Isolation
  /** Most records one fetch returns per partition: small values make scans take many rounds. */
  recordsPerFetch?: number
  /** Called before each fetch round (a test aborts a scan from here). */
  onFetch?: (round: number) => void
}

/**
 * An in-memory Kafka for the trace engine's unit tests: topics of partitions holding records with
 * keys, values, headers and timestamps, transactions that commit or abort (control records take an
 * offset, as in Kafka), and the read_committed view (a fetch stops at the last stable offset,
 * aborted records come marked).
 */
export class MemorySource implements PartitionSource {
  readonly isolation: Isolation
  private readonly logs = new Map<string, Entry[][]>()
  private readonly txns: Txn[] = []
  private nextProducerId = 1000
  private rounds = 0

  constructor(private readonly opts: MemorySourceOptions = {}) {
    this.isolation = opts.isolation ?? 'read_committed'
  }

  /** Opened and closed connections, as a pool sees them (the in-memory log needs none). */
  connects = 0
  disconnects = 0

  async connect(): Promise<void> {
    this.connects++
  }

  async disconnect(): Promise<void> {
    this.disconnects++
  }

  /** Fetch rounds asked so far. */
  get fetches(): number {
    return this.rounds
  }

  topic(name: string, partitions: number): this {
    this.logs.set(
      name,
      Array.from({ length: partitions }, () => []),
    )
    return this
  }

  /** Appends a record (in a transaction when `txn` is given); returns its partition and offset. */
  append(topic: string, rec: MemoryRecord, txn?: Txn): { partition: number; offset: number } {
    const log = this.logOf(topic)
    const key = rec.key ? toBuffer(rec.key) : null
    const partition = rec.partition ?? (key ? defaultPartition(key, log.length) : 0)
    const entries = log[partition]!
    const offset = entries.length
    const value = rec.value === undefined || rec.value === null ? null : toBuffer(rec.value)
    const pairs = Array.isArray(rec.headers) ? rec.headers : Object.entries(rec.headers ?? {})
    const headers: [string, Buffer | null][] = pairs.map(([k, v]) => [k, v === null ? null : toBuffer(v)])
    const size =
      (key?.length ?? 0) + (value?.length ?? 0) + headers.reduce((n, [k, v]) => n + k.length + (v?.length ?? 0), 0)
    const record: RawRecord = {
      topic,
      partition,
      offset,
      timestamp: rec.timestamp,
      key,
      value,
      headers,
      size,
      aborted: false,
    }
    entries.push({ control: false, record, producerId: txn?.producerId })
    if (txn && txn.topic !== topic) throw new Error(`transaction of ${txn.topic} used on ${topic}`)
    if (txn && !txn.firsts.has(partition)) txn.firsts.set(partition, offset)
    return { partition, offset }
  }

  /** Starts a transaction; records appended with it stay behind the stable offset until it ends. */
  begin(topic: string): Txn {
    const txn: Txn = { topic, producerId: this.nextProducerId++, firsts: new Map(), state: 'open' }
    this.txns.push(txn)
    return txn
  }

  /** Ends a transaction with a control record in each partition it wrote to. */
  end(txn: Txn, outcome: 'commit' | 'abort'): void {
    const log = this.logOf(txn.topic)
    for (const p of txn.firsts.keys()) {
      const entries = log[p]!
      if (outcome === 'abort') {
        for (const e of entries) if (!e.control && e.producerId === txn.producerId) e.record.aborted = true
      }
      entries.push({ control: true, offset: entries.length, producerId: txn.producerId })
    }
    txn.state = outcome === 'commit' ? 'committed' : 'aborted'
  }

  async partitions(topic: string): Promise<number[]> {
    return this.logOf(topic).map((_, i) => i)
  }

  /** Topics an ACL refuses (as the broker would: TOPIC_AUTHORIZATION_FAILED, naming the topic). */
  readonly denied = new Set<string>()

  async topicGaps(topics: string[]): Promise<TopicGaps> {
    return {
      missing: topics.filter((t) => !this.logs.has(t) && !this.denied.has(t)),
      denied: topics
        .filter((t) => this.denied.has(t))
        .map((topic) => ({
          topic,
          error: Object.assign(
            new Error(`Topic ${topic}: Not authorized to access topics: [Topic authorization failed]`),
            {
              topic,
              type: 'TOPIC_AUTHORIZATION_FAILED',
            },
          ),
        })),
    }
  }

  async offsets(topic: string, partitions: number[], at: 'earliest' | 'latest' | number): Promise<Map<number, number>> {
    const log = this.logOf(topic)
    return new Map(
      partitions.map((p) => {
        const entries = log[p] ?? []
        if (at === 'earliest') return [p, 0]
        if (at === 'latest') return [p, entries.length]
        const hit = entries.find((e) => !e.control && e.record.timestamp >= at)
        return [p, hit && !hit.control ? hit.record.offset : entries.length]
      }),
    )
  }

  async fetch(wanted: PartitionFetch[], options: ReadOptions = {}): Promise<PartitionBatch[]> {
    if (options.signal?.aborted) return []
    this.opts.onFetch?.(++this.rounds)
    await Promise.resolve()
    return wanted.map((w) => this.read(w, options))
  }

  async refresh(): Promise<void> {}

  private read(w: PartitionFetch, options: ReadOptions): PartitionBatch {
    const entries = this.logs.get(w.topic)?.[w.partition]
    const empty = { ...w, records: [], nextOffset: w.offset, bytes: 0, scanned: 0, logStartOffset: 0 }
    if (!entries) return { ...empty, errorCode: UNKNOWN_TOPIC_OR_PARTITION, highWatermark: -1, lastStableOffset: -1 }
    const hw = entries.length
    const lso = this.stableOffset(w.topic, w.partition, hw)
    const end = Math.min(this.isolation === 'read_committed' ? lso : hw, w.offset + (this.opts.recordsPerFetch ?? 100))
    const batch: PartitionBatch = { ...empty, errorCode: 0, highWatermark: hw, lastStableOffset: lso }
    for (let o = w.offset; o < end; o++) {
      const e = entries[o]!
      batch.nextOffset = o + 1
      if (e.control) continue
      batch.scanned++
      batch.bytes += e.record.size
      // Each record is its own batch here: the filter sees its bytes.
      if (options.batchFilter && !options.batchFilter(recordArea(e.record))) continue
      batch.records.push({ ...e.record })
    }
    return batch
  }

  /** The first offset of the oldest open transaction in the partition, else the log end. */
  private stableOffset(topic: string, partition: number, hw: number): number {
    const open = this.txns
      .filter((t) => t.state === 'open' && t.topic === topic && t.firsts.has(partition))
      .map((t) => t.firsts.get(partition)!)
    return open.length ? Math.min(...open) : hw
  }

  private logOf(topic: string): Entry[][] {
    const log = this.logs.get(topic)
    if (!log)
      throw Object.assign(new Error('This server does not host this topic-partition'), {
        type: 'UNKNOWN_TOPIC_OR_PARTITION',
      })
    return log
  }
}

function toBuffer(v: unknown): Buffer {
  if (Buffer.isBuffer(v)) return v
  return Buffer.from(typeof v === 'string' ? v : JSON.stringify(v), 'utf8')
}

function recordArea(r: RawRecord): Buffer {
  return Buffer.concat([
    r.key ?? Buffer.alloc(0),
    r.value ?? Buffer.alloc(0),
    ...r.headers.flatMap(([k, v]) => [Buffer.from(k), v ?? Buffer.alloc(0)]),
  ])
}
