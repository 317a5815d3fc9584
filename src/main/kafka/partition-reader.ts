import { isTopicDenied, namedForTopic, onTopic } from './kafka-errors'
import type { Kafka } from 'kafkajs'
import { internalCluster, type InternalBroker, type InternalCluster } from './kafkajs-internals'
import { fetchProtocolRequest, type FetchedPartition } from './fetch-protocol'
import { walkBatches } from './record-batch'
import type {
  Isolation,
  PartitionBatch,
  PartitionFetch,
  PartitionSource,
  RawRecord,
  ReadOptions,
  TopicGaps,
} from './partition-source'

export type { Isolation, PartitionBatch, PartitionFetch, RawRecord, ReadOptions } from './partition-source'

export interface ReaderOptions {
  isolation?: Isolation
  /** Upper bound of one partition's share of a fetch response. */
  partitionMaxBytes?: number
  /** Upper bound of one fetch response. */
  maxBytes?: number
  /** How long the broker may hold a fetch that has no data; bounds how fast a scan reacts to cancel. */
  maxWaitMs?: number
}

/**
 * Reads partitions by offset straight from their leaders: no consumer group is joined and no
 * offset is committed, so tracing and lag probes leave the cluster's groups untouched.
 */
export class PartitionReader implements PartitionSource {
  private readonly cluster: InternalCluster
  private readonly opts: Required<ReaderOptions>
  private readonly known = new Set<string>()
  private readonly connecting = new Map<InternalBroker, Promise<unknown>>()

  constructor(kafka: Kafka, options: ReaderOptions = {}) {
    this.opts = {
      isolation: options.isolation ?? 'read_committed',
      partitionMaxBytes: options.partitionMaxBytes ?? 1024 * 1024,
      maxBytes: options.maxBytes ?? 16 * 1024 * 1024,
      maxWaitMs: options.maxWaitMs ?? 200,
    }
    this.cluster = internalCluster(kafka, this.opts.isolation === 'read_committed' ? 1 : 0)
  }

  get isolation(): Isolation {
    return this.opts.isolation
  }

  async connect(): Promise<void> {
    await this.cluster.connect()
  }

  async disconnect(): Promise<void> {
    await this.cluster.disconnect().catch(() => undefined)
  }

  private async ensureTopics(topics: string[]): Promise<void> {
    const missing = topics.filter((t) => !this.known.has(t))
    if (missing.length === 0) return
    await this.cluster.addMultipleTargetTopics(missing)
    for (const t of missing) this.known.add(t)
  }

  /** The topics the cluster lacks or denies; asked one by one, since kafkajs refuses a metadata set holding one. */
  async topicGaps(topics: string[]): Promise<TopicGaps> {
    const gaps: TopicGaps = { missing: [], denied: [] }
    for (const t of topics) {
      try {
        await this.ensureTopics([t])
      } catch (err) {
        if ((err as { type?: unknown }).type === 'UNKNOWN_TOPIC_OR_PARTITION') gaps.missing.push(t)
        else if (isTopicDenied(err)) gaps.denied.push({ topic: t, error: namedForTopic(t, err) as Error })
        else onTopic(t)(err) // an outage is not about this topic: the whole read fails
      }
    }
    return gaps
  }

  /** The partition ids of a topic; throws when the topic does not exist. */
  async partitions(topic: string): Promise<number[]> {
    await this.ensureTopics([topic])
    return this.cluster
      .findTopicPartitionMetadata(topic)
      .map((p) => p.partitionId)
      .sort((a, b) => a - b)
  }

  /**
   * Offsets per partition: the earliest, the log end, or the first offset whose timestamp is at
   * or after `at` (the log end when there is none).
   */
  async offsets(topic: string, partitions: number[], at: 'earliest' | 'latest' | number): Promise<Map<number, number>> {
    await this.ensureTopics([topic])
    const ask = (spec: { fromBeginning?: boolean; fromTimestamp?: number }) =>
      this.cluster.fetchTopicsOffset([{ topic, ...spec, partitions: partitions.map((partition) => ({ partition })) }])
    const toMap = (res: Awaited<ReturnType<typeof ask>>) =>
      new Map((res[0]?.partitions ?? []).map((p) => [p.partition, Number(p.offset)] as const))
    if (at === 'earliest') return toMap(await ask({ fromBeginning: true }))
    if (at === 'latest') return toMap(await ask({ fromBeginning: false }))
    const found = toMap(await ask({ fromTimestamp: at }))
    if ([...found.values()].every((o) => o >= 0)) return found
    const ends = toMap(await ask({ fromBeginning: false }))
    return new Map([...found].map(([p, o]) => [p, o >= 0 ? o : (ends.get(p) ?? 0)]))
  }

  /** One fetch round: one request per leader, all leaders in parallel; raw record sets. */
  async fetchRaw(
    wanted: PartitionFetch[],
    partitionMaxBytes = this.opts.partitionMaxBytes,
  ): Promise<FetchedPartition[]> {
    if (wanted.length === 0) return []
    await this.ensureTopics([...new Set(wanted.map((w) => w.topic))])
    const byLeader = new Map<number, PartitionFetch[]>()
    for (const w of wanted) {
      const meta = this.cluster.findTopicPartitionMetadata(w.topic).find((p) => p.partitionId === w.partition)
      if (!meta) throw new Error(`Topic ${w.topic} has no partition ${w.partition}`)
      byLeader.set(meta.leader, [...(byLeader.get(meta.leader) ?? []), w])
    }
    const rounds = await Promise.all(
      [...byLeader].map(async ([leader, list]) => {
        const broker = await this.cluster.findBroker({ nodeId: String(leader) })
        const topics = new Map<string, { partition: number; offset: number; maxBytes: number }[]>()
        for (const w of list) {
          topics.set(w.topic, [
            ...(topics.get(w.topic) ?? []),
            { partition: w.partition, offset: w.offset, maxBytes: partitionMaxBytes },
          ])
        }
        const request = fetchProtocolRequest({
          isolationLevel: this.opts.isolation === 'read_committed' ? 1 : 0,
          maxWaitMs: this.opts.maxWaitMs,
          maxBytes: this.opts.maxBytes,
          topics: [...topics].map(([topic, partitions]) => ({ topic, partitions })),
        })
        await this.fetchConnection(broker, request)
        const res = (await broker.connectionPool.send(request)) as { partitions: FetchedPartition[] }
        return res.partitions
      }),
    )
    return rounds.flat()
  }

  /**
   * kafkajs connects a broker's fetch socket lazily and without a lock: two fetches that find it
   * closed at once each open one, and the first is lost, never closed, and keeps the process alive.
   */
  private async fetchConnection(broker: InternalBroker, request: unknown): Promise<void> {
    let pending = this.connecting.get(broker)
    if (!pending) {
      pending = broker.connectionPool.getConnectionByRequest(request).finally(() => this.connecting.delete(broker))
      this.connecting.set(broker, pending)
    }
    await pending
  }

  /** One fetch round, decoded: records at or after each asked offset, aborted ones marked. */
  async fetch(wanted: PartitionFetch[], options: ReadOptions = {}): Promise<PartitionBatch[]> {
    if (options.signal?.aborted) return []
    const fetched = await this.fetchRaw(wanted, options.partitionMaxBytes)
    const out: PartitionBatch[] = []
    for (const f of fetched) {
      const asked = wanted.find((w) => w.topic === f.topic && w.partition === f.partition)
      if (asked) out.push(readPartition(f, asked.offset, options.batchFilter, options.firstOnly))
    }
    return out
  }

  /** Forgets cached metadata, e.g. after a NOT_LEADER error. */
  async refresh(): Promise<void> {
    await this.cluster.refreshMetadata()
  }
}

/** Decodes a fetched partition from `fetchOffset` on; marks aborted transactional records (KIP-98). */
export function readPartition(
  f: FetchedPartition,
  fetchOffset: number,
  batchFilter?: (records: Buffer) => boolean,
  firstOnly = false,
): PartitionBatch {
  const aborted = [...f.abortedTransactions].sort((a, b) => a.firstOffset - b.firstOffset)
  let nextAborted = 0
  const open = new Set<number>()
  const records: RawRecord[] = []
  let bytes = 0
  let scanned = 0
  const next = walkBatches(f.recordSet, ({ header, records: area, decode }) => {
    while (nextAborted < aborted.length && aborted[nextAborted]!.firstOffset <= header.lastOffset) {
      open.add(aborted[nextAborted++]!.producerId)
    }
    if (header.control) {
      open.delete(header.producerId)
      return
    }
    if (header.lastOffset < fetchOffset || (firstOnly && records.length > 0)) return
    bytes += area.length
    scanned += header.recordCount
    if (batchFilter && !batchFilter(area)) return
    const isAborted = header.transactional && open.has(header.producerId)
    for (const r of decode()) {
      if (r.offset < fetchOffset) continue
      records.push({ ...r, topic: f.topic, partition: f.partition, aborted: isAborted })
      if (firstOnly) break
    }
  })
  return {
    topic: f.topic,
    partition: f.partition,
    offset: fetchOffset,
    errorCode: f.errorCode,
    highWatermark: f.highWatermark,
    lastStableOffset: f.lastStableOffset,
    logStartOffset: f.logStartOffset,
    records,
    nextOffset: next ?? fetchOffset,
    bytes,
    scanned,
  }
}
