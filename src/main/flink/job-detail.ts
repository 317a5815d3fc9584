import type { JobDetailView } from '../../shared/contract'
import type { FlinkClient } from './flink-client'
import { resolveJob } from './flink-views'

const SOURCE_TOPIC = /KafkaSourceReader\.topic\.(.+?)\.partition\.\d+\./
const SINK_NAME = /Kafka ?sink:?\s*(.+)$/i

function ratio(msPerSecond: number | undefined): number | null {
  return msPerSecond === undefined ? null : Math.round((msPerSecond / 1000) * 1000) / 1000
}

/** Everything the job view shows, gathered in parallel; per-vertex figures that fail are left empty. */
export async function jobDetail(
  client: FlinkClient,
  ref: string,
  signal?: AbortSignal,
): Promise<Omit<JobDetailView, 'kafka'> & { kafka: { sourceTopics: string[]; sinkTopics: string[] } }> {
  const summary = await resolveJob(client, ref, signal)
  const jid = summary.jid
  const [job, config, exceptions, jobMetrics] = await Promise.all([
    client.job(jid, signal),
    client.jobConfig(jid, signal).catch(() => undefined),
    client.exceptions(jid, signal).catch(() => []),
    client.metrics(`/jobs/${jid}`, ['numRestarts'], signal).catch(() => ({}) as Record<string, number>),
  ])
  const running = summary.state === 'RUNNING'
  const sourceTopics = new Set<string>()
  const sinkTopics = new Set<string>()
  const vertices = await Promise.all(
    (job.vertices ?? []).map(async (v) => {
      const vid = v.id ?? ''
      const [load, bp, watermark, ids] = running
        ? await Promise.all([
            client
              .metrics(
                `/jobs/${jid}/vertices/${vid}/subtasks`,
                ['busyTimeMsPerSecond', 'backPressuredTimeMsPerSecond', 'idleTimeMsPerSecond'],
                signal,
                'avg',
              )
              .catch(() => ({}) as Record<string, number>),
            client.backpressure(jid, vid, signal).catch(() => undefined),
            client.watermark(jid, vid, signal).catch(() => null),
            client.metricIds(`/jobs/${jid}/vertices/${vid}`, signal).catch(() => [] as string[]),
          ])
        : [{} as Record<string, number>, undefined, null, [] as string[]]
      for (const id of ids) {
        const m = SOURCE_TOPIC.exec(id)
        if (m?.[1]) sourceTopics.add(m[1])
      }
      for (const part of (v.name ?? '').split(/\s*->\s*|\s*:\s*Writer|\s*:\s*Committer/)) {
        const m = SINK_NAME.exec(part)
        if (m?.[1]) for (const t of m[1].split(',')) if (t.trim()) sinkTopics.add(t.trim())
      }
      return {
        id: vid,
        name: v.name ?? vid,
        parallelism: v.parallelism ?? null,
        status: v.status ?? null,
        recordsIn: v.metrics?.['read-records'] ?? null,
        recordsOut: v.metrics?.['write-records'] ?? null,
        busyRatio: ratio(load.busyTimeMsPerSecond),
        backpressuredRatio: ratio(load.backPressuredTimeMsPerSecond),
        idleRatio: ratio(load.idleTimeMsPerSecond),
        backpressureLevel: bp?.backpressureLevel ?? null,
        watermark,
      }
    }),
  )
  // The spec types the plan as raw JSON; its nodes carry their inputs.
  const plan = (job.plan ?? {}) as {
    nodes?: Array<{ id?: string; inputs?: Array<{ id?: string; ship_strategy?: string }> }>
  }
  const edges = (plan.nodes ?? []).flatMap((n) =>
    (n.inputs ?? []).map((i) => ({ from: i.id ?? '', to: n.id ?? '', shipStrategy: i.ship_strategy ?? null })),
  )
  const timeline = Object.entries(job.timestamps ?? {})
    .filter(([, at]) => typeof at === 'number' && at > 0)
    .map(([status, at]) => ({ status, at: at as number }))
    .sort((a, b) => a.at - b.at)
  const execution: Record<string, unknown> = { ...config?.['execution-config'] }
  const userConfig = config?.['execution-config']?.['user-config'] ?? {}
  const flat: Record<string, string> = {}
  for (const [k, v] of Object.entries(execution))
    if (k !== 'user-config' && v !== null && typeof v !== 'object') flat[k] = String(v)
  for (const [k, v] of Object.entries(userConfig)) flat[`user.${k}`] = typeof v === 'string' ? v : JSON.stringify(v)
  return {
    job: summary,
    restarts: jobMetrics.numRestarts ?? null,
    timeline,
    vertices,
    edges,
    exceptions: exceptions.map((e) => ({
      name: e.name,
      message: e.stacktrace.split('\n')[0]?.replace(/^[\w.$]+:\s*/, '') ?? '',
      stacktrace: e.stacktrace,
      timestamp: e.timestamp,
      taskName: e.taskName,
      endpoint: e.endpoint,
    })),
    config: flat,
    kafka: { sourceTopics: [...sourceTopics].sort(), sinkTopics: [...sinkTopics].sort() },
  }
}
