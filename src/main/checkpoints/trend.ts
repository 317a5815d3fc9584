import type { CheckpointRecord } from './checkpoint-record'

export interface TrendPoint {
  t: number
  /** Longest completed duration in the bucket (spikes must survive downsampling). */
  durationMaxMs: number | null
  durationAvgMs: number | null
  stateSize: number | null
  checkpointedSize: number | null
  failed: number
  completed: number
}

/** Buckets a job's history into at most `points` points over its time span, for trend charts. */
export function trend(records: CheckpointRecord[], points = 200): TrendPoint[] {
  if (!records.length) return []
  const first = records[0]?.triggerTimestamp ?? 0
  const last = records[records.length - 1]?.triggerTimestamp ?? first
  const width = Math.max(1, Math.ceil((last - first + 1) / points))
  const buckets = new Map<number, { rs: CheckpointRecord[] }>()
  for (const r of records) {
    const b = Math.floor((r.triggerTimestamp - first) / width)
    let bucket = buckets.get(b)
    if (!bucket) buckets.set(b, (bucket = { rs: [] }))
    bucket.rs.push(r)
  }
  return [...buckets.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([, { rs }]) => {
      const done = rs.filter((r) => r.status === 'COMPLETED')
      const durations = done.map((r) => r.durationMs).filter((d): d is number => d !== null)
      const lastDone = done[done.length - 1]
      return {
        t: rs[rs.length - 1]?.triggerTimestamp ?? first,
        durationMaxMs: durations.length ? Math.max(...durations) : null,
        durationAvgMs: durations.length ? Math.round(durations.reduce((s, d) => s + d, 0) / durations.length) : null,
        stateSize: lastDone?.stateSize ?? null,
        checkpointedSize: lastDone?.checkpointedSize ?? null,
        failed: rs.length - done.length,
        completed: done.length,
      }
    })
}

/** Full state size and duration per operator, bucketed like {@link trend}; operators named by their last record. */
export function operatorTrend(records: CheckpointRecord[], points = 200) {
  const withOps = records.filter((r) => r.status === 'COMPLETED' && r.operators?.length)
  const names = new Map<string, string>()
  for (const r of withOps) for (const o of r.operators ?? []) names.set(o.id, o.name)
  if (!withOps.length) return { operators: [], points: [] }
  const first = withOps[0]?.triggerTimestamp ?? 0
  const last = withOps[withOps.length - 1]?.triggerTimestamp ?? first
  const width = Math.max(1, Math.ceil((last - first + 1) / points))
  const buckets = new Map<number, CheckpointRecord>()
  for (const r of withOps) buckets.set(Math.floor((r.triggerTimestamp - first) / width), r) // last in bucket wins
  return {
    operators: [...names].map(([id, name]) => ({ id, name })),
    points: [...buckets.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([, r]) => ({
        t: r.triggerTimestamp,
        sizes: Object.fromEntries(
          (r.operators ?? []).filter((o) => o.stateSize !== null).map((o) => [o.id, o.stateSize ?? 0]),
        ),
        durations: Object.fromEntries(
          (r.operators ?? []).filter((o) => o.durationMs !== null).map((o) => [o.id, o.durationMs ?? 0]),
        ),
      })),
  }
}
