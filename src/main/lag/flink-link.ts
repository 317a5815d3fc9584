import type { FlinkLag } from '../../shared/contract/lag'
import type { FlinkClient } from '../flink/flink-client'
import { summary } from '../flink/flink-views'
import { mapLimited } from '../util/map-limited'

export interface FlinkJobLink {
  lag: FlinkLag
  /** The slowest recent completed checkpoint (of the ten Flink lists): part of the verdict's envelope. */
  checkpointDurationMs: number | null
  /** Checkpoints failed since the last completed one (newest first in Flink's history): no commit until one completes. */
  failedCheckpointsInARow: number
  topics: string[]
  /** Flink's own position per "topic/partition" (the source reader's currentOffset). */
  currentOffsets: Map<string, number>
}

const SOURCE_METRIC = /KafkaSourceReader\.topic\.(.+)\.partition\.(\d+)\.currentOffset$/
const ALIVE = new Set(['RUNNING', 'CREATED', 'INITIALIZING'])

/**
 * Flink jobs that own consumer groups. KafkaSource reports no group id over REST, so a group
 * belongs to a job when their names match and the job's source reads the group's topics.
 */
export async function flinkLinks(
  client: FlinkClient,
  groups: { group: string; topics: string[] }[],
  signal?: AbortSignal,
): Promise<Map<string, FlinkJobLink>> {
  const out = new Map<string, FlinkJobLink>()
  const jobs = ((await client.jobs(signal)).jobs ?? [])
    .map(summary)
    .filter((j) => !['FINISHED', 'CANCELED'].includes(j.state))
  // Groups side by side, a few at a time: each asks for its job, config and checkpoints, and a
  // sample waits on them; a JobManager already slow must not get every group's requests at once.
  await mapLimited(groups, 8, async (g) => {
    const name = g.group.toLowerCase()
    const job = jobs
      .filter((j) => j.name.toLowerCase() === name || name.includes(j.name.toLowerCase()))
      .sort((a, b) => (b.startTime ?? 0) - (a.startTime ?? 0))[0]
    if (!job) return
    const detail = await client.job(job.jid, signal)
    const vertices = detail.vertices ?? []
    const source = vertices.find((v) => /source/i.test(v.name ?? '')) ?? vertices[0]
    const [config, checkpoints] = await Promise.all([
      client.checkpointConfig(job.jid, signal).catch(() => null),
      client.checkpoints(job.jid, signal).catch(() => null),
    ])
    const currentOffsets = new Map<string, number>()
    const topics = new Set<string>()
    let pendingRecords: number | null = null
    let emitLag: number | null = null
    if (source && ALIVE.has(job.state)) {
      const scope = `/jobs/${job.jid}/vertices/${source.id ?? ''}/subtasks`
      const ids = await client.metricIds(scope, signal).catch(() => [] as string[])
      const offsetIds = ids.filter((id) => SOURCE_METRIC.test(id))
      for (const id of offsetIds) topics.add(SOURCE_METRIC.exec(id)![1]!)
      const pendingId = ids.find((id) => id.endsWith('.pendingRecords'))
      const lagId = ids.find((id) => id.endsWith('.currentEmitEventTimeLag'))
      const values = {
        ...(await client.metrics(scope, offsetIds, signal, 'max').catch(() => ({}) as Record<string, number>)),
        ...(await client
          .metrics(
            scope,
            [pendingId, lagId].filter((x): x is string => !!x),
            signal,
            'sum',
          )
          .catch(() => ({}) as Record<string, number>)),
      }
      for (const id of offsetIds) {
        const m = SOURCE_METRIC.exec(id)!
        if (values[id] !== undefined && values[id] >= 0) currentOffsets.set(`${m[1]}/${m[2]}`, values[id])
      }
      pendingRecords = pendingId ? (values[pendingId] ?? null) : null
      emitLag = lagId ? (values[lagId] ?? null) : null
    }
    if (topics.size && !g.topics.some((t) => topics.has(t))) return
    const interval = config?.interval ?? null
    const latest = checkpoints?.latest?.completed ?? null
    const durations = (checkpoints?.history ?? [])
      .filter((c) => c.status === 'COMPLETED')
      .map((c) => c.end_to_end_duration ?? 0)
    const history = [...(checkpoints?.history ?? [])].sort((a, b) => (b.id ?? 0) - (a.id ?? 0))
    const sinceCompleted = history.findIndex((c) => c.status === 'COMPLETED')
    const failedInARow = (sinceCompleted === -1 ? history : history.slice(0, sinceCompleted)).filter(
      (c) => c.status === 'FAILED',
    ).length
    out.set(g.group, {
      failedCheckpointsInARow: failedInARow,
      checkpointDurationMs: durations.length ? Math.max(...durations) : (latest?.end_to_end_duration ?? null),
      topics: [...topics],
      currentOffsets,
      lag: {
        jid: job.jid,
        name: job.name,
        state: job.state,
        checkpointIntervalMs: interval,
        lastCheckpointAt: latest?.latest_ack_timestamp ?? null,
        pendingRecords,
        currentEmitEventTimeLagMs: emitLag !== null && emitLag >= 0 ? emitLag : null,
        explanation: `Flink commits offsets to Kafka only when a checkpoint completes${interval ? ` (every ${Math.round(interval / 1000)} s)` : ''}: the committed-offset lag trails what the job has read (currentOffset) by up to one checkpoint, while pendingRecords counts what the source has not fetched yet — and is refreshed only when it fetches, so under backpressure it freezes while the committed-offset lag keeps growing.`,
      },
    })
  })
  return out
}
