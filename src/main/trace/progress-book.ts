import type { PartitionProgress } from '../../shared/contract/trace'

/** Progress of finished passes, so that the bars show every partition a trace read, not only the current pass's. */
export class ProgressBook {
  private readonly done = new Map<string, PartitionProgress>()

  /** This pass's partitions added to what earlier passes read; `commit` keeps them for the next pass. */
  merge(current: PartitionProgress[], commit: boolean): PartitionProgress[] {
    const merged = new Map(this.done)
    for (const p of current) {
      const key = `${p.topic}/${p.partition}`
      const before = merged.get(key)
      merged.set(
        key,
        before
          ? {
              ...p,
              from: Math.min(before.from, p.from),
              to: Math.max(before.to, p.to),
              position: Math.max(before.position, p.position),
              records: before.records + p.records,
              bytes: before.bytes + p.bytes,
              done: p.done,
            }
          : p,
      )
    }
    if (commit) for (const [k, v] of merged) this.done.set(k, v)
    return [...merged.values()]
  }
}
