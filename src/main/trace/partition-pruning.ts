import type { TraceTopic } from '../../shared/contract/trace'
import type { PartitionSource } from '../kafka/partition-source'
import type { IdSet } from './matcher'
import { defaultPartition } from './murmur2'
import { isFramed } from './value-decoder'

/** Records per partition sampled to check that keys sit where murmur2 puts them. */
const SAMPLE = 20

/**
 * Which partitions of a topic can hold the entity. A topic whose every id location is the key
 * and whose records sit where Kafka's default partitioner (murmur2) puts them is read only in
 * the partitions its ids hash to; any other topic is read whole.
 */
export class PartitionPruner {
  private readonly counts = new Map<string, number>()
  private readonly keyPartitioned = new Map<string, boolean>()

  constructor(
    private readonly source: PartitionSource,
    private readonly fullScan: boolean,
  ) {}

  /** Reads the partition counts of the topics (they exist: missing ones were left out before). */
  async load(topics: string[]): Promise<void> {
    const counts = await Promise.all(
      topics.map((t) =>
        this.source.partitions(t).catch((err: unknown) => {
          throw new Error(`Topic "${t}" of the trace map cannot be read: ${(err as Error).message}`)
        }),
      ),
    )
    topics.forEach((t, i) => this.counts.set(t, counts[i]?.length ?? 0))
  }

  /** Every partition of a topic. */
  all(topic: string): number[] {
    return Array.from({ length: this.counts.get(topic) ?? 0 }, (_, i) => i)
  }

  /** The partitions the topic's ids hash to; undefined when the whole topic must be read. */
  async prune(t: TraceTopic, ids: IdSet): Promise<number[] | undefined> {
    if (this.fullScan) return undefined
    if (!t.ids.every((l) => l.from === 'key')) return undefined
    const n = this.counts.get(t.topic) ?? 1
    if (!(await this.usesDefaultPartitioner(t.topic, n))) return undefined
    const keys = t.ids.flatMap((l) => ids.of(l.kind))
    return [...new Set(keys.map((id) => defaultPartition(Buffer.from(id, 'utf8'), n)))]
  }

  /** Checks the last records of each partition: any key out of place (or no key at all) means another partitioner. */
  private async usesDefaultPartitioner(topic: string, n: number): Promise<boolean> {
    const known = this.keyPartitioned.get(topic)
    if (known !== undefined) return known
    if (n === 1) return true
    const parts = this.all(topic)
    // In parallel: on a distant cluster every sequential round trip is time the trace shows nothing.
    const [ends, starts] = await Promise.all([
      this.source.offsets(topic, parts, 'latest'),
      this.source.offsets(topic, parts, 'earliest'),
    ])
    const sample = parts
      .filter((p) => (ends.get(p) ?? 0) > (starts.get(p) ?? 0))
      .map((p) => ({ topic, partition: p, offset: Math.max(starts.get(p) ?? 0, (ends.get(p) ?? 0) - SAMPLE) }))
    let checked = 0
    let wrong = 0
    for (const b of await this.source.fetch(sample, { partitionMaxBytes: 64 * 1024 })) {
      for (const r of b.records.slice(0, SAMPLE)) {
        if (!r.key) continue
        checked++
        // A registry-framed key hashes as its bytes, not as the id's text: no pruning by the id.
        if (defaultPartition(r.key, n) !== r.partition || isFramed(r.key)) wrong++
      }
    }
    const ok = checked > 0 && wrong === 0
    this.keyPartitioned.set(topic, ok)
    return ok
  }
}
