import type { JobDetailView } from '../../shared/contract'
import { withDeadline } from '../util/deadline'
import type { FlinkClient, ResponseOf } from './flink-client'
import { resolveJob } from './flink-queries'

const SOURCE_TOPIC = /KafkaSourceReader\.topic\.(.+?)\.partition\.\d+\./
const SINK_NAME = /Kafka ?sink:?\s*(.+)$/i

type JobDetails = ResponseOf<'jobDetails'>
type Vertex = NonNullable<JobDetails['vertices']>[number]
type VertexView = JobDetailView['vertices'][number]

/** The consumer groups that read a job's source topics (from Kafka); the job view names them. */
export type ConsumerGroupsOf = (sourceTopics: string[], jobName: string) => Promise<string[]>

function ratio(msPerSecond: number | undefined): number | null {
  return msPerSecond === undefined ? null : Math.round((msPerSecond / 1000) * 1000) / 1000
}

const none = {} as Record<string, number>
/** How long the job view waits for Kafka to name the groups reading its topics. */
const KAFKA_PART_MS = 3_000

/** A vertex's load, backpressure and watermark (a job that is not running has none), and its metric ids. */
async function vertexFigures(client: FlinkClient, jid: string, vid: string, running: boolean, signal?: AbortSignal) {
  if (!running) return { load: none, bp: undefined, watermark: null, ids: [] as string[] }
  const [load, bp, watermark, ids] = await Promise.all([
    client
      .metrics(
        `/jobs/${jid}/vertices/${vid}/subtasks`,
        ['busyTimeMsPerSecond', 'backPressuredTimeMsPerSecond', 'idleTimeMsPerSecond'],
        signal,
        'avg',
      )
      .catch(() => none),
    client.backpressure(jid, vid, signal).catch(() => undefined),
    client.watermark(jid, vid, signal).catch(() => null),
    client.metricIds(`/jobs/${jid}/vertices/${vid}`, signal).catch(() => [] as string[]),
  ])
  return { load, bp, watermark, ids }
}

/** The Kafka topics a vertex reads (from its source metrics) and writes (from its sink's name). */
function vertexTopics(v: Vertex, metricIds: string[], sources: Set<string>, sinks: Set<string>): void {
  for (const id of metricIds) {
    const m = SOURCE_TOPIC.exec(id)
    if (m?.[1]) sources.add(m[1])
  }
  for (const part of (v.name ?? '').split(/\s*->\s*|\s*:\s*Writer|\s*:\s*Committer/)) {
    const m = SINK_NAME.exec(part)
    if (m?.[1]) for (const t of m[1].split(',')) if (t.trim()) sinks.add(t.trim())
  }
}

/** The job graph's edges: the spec types the plan as raw JSON; its nodes carry their inputs. */
function planEdges(plan: JobDetails['plan']): JobDetailView['edges'] {
  const nodes = (plan ?? {}) as {
    nodes?: Array<{ id?: string; inputs?: Array<{ id?: string; ship_strategy?: string }> }>
  }
  return (nodes.nodes ?? []).flatMap((n) =>
    (n.inputs ?? []).map((i) => ({ from: i.id ?? '', to: n.id ?? '', shipStrategy: i.ship_strategy ?? null })),
  )
}

function statusTimeline(timestamps: JobDetails['timestamps']): JobDetailView['timeline'] {
  return Object.entries(timestamps ?? {})
    .filter((e): e is [string, number] => typeof e[1] === 'number' && e[1] > 0)
    .map(([status, at]) => ({ status, at }))
    .sort((a, b) => a.at - b.at)
}

/** The execution config and the user config, flattened to strings. */
function flatConfig(config: ResponseOf<'jobConfig'> | undefined): Record<string, string> {
  const execution: Record<string, unknown> = { ...config?.['execution-config'] }
  const userConfig = config?.['execution-config']?.['user-config'] ?? {}
  const flat: Record<string, string> = {}
  for (const [k, v] of Object.entries(execution))
    if (k !== 'user-config' && v !== null && typeof v !== 'object') flat[k] = String(v)
  for (const [k, v] of Object.entries(userConfig)) flat[`user.${k}`] = typeof v === 'string' ? v : JSON.stringify(v)
  return flat
}

/**
 * Everything the job view shows, gathered in parallel; per-vertex figures that fail are left
 * empty, and so are the consumer groups when Kafka cannot be asked.
 */
export async function jobDetail(
  client: FlinkClient,
  ref: string,
  consumerGroupsOf: ConsumerGroupsOf,
  signal?: AbortSignal,
): Promise<JobDetailView> {
  const summary = await resolveJob(client, ref, signal)
  const jid = summary.jid
  const [job, config, exceptions, jobMetrics] = await Promise.all([
    client.job(jid, signal),
    client.jobConfig(jid, signal).catch(() => undefined),
    client.exceptions(jid, signal).catch(() => []),
    client.metrics(`/jobs/${jid}`, ['numRestarts'], signal).catch(() => none),
  ])
  const running = summary.state === 'RUNNING'
  const sourceTopics = new Set<string>()
  const sinkTopics = new Set<string>()
  const vertices = await Promise.all(
    (job.vertices ?? []).map(async (v): Promise<VertexView> => {
      const vid = v.id ?? ''
      const { load, bp, watermark, ids } = await vertexFigures(client, jid, vid, running, signal)
      vertexTopics(v, ids, sourceTopics, sinkTopics)
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
  const sources = [...sourceTopics].sort()
  // Kafka's part of a Flink view: a frozen broker must not hold the job's own figures.
  const consumerGroups = await withDeadline('Kafka', KAFKA_PART_MS, consumerGroupsOf(sources, summary.name)).catch(
    () => [],
  )
  return {
    job: summary,
    restarts: jobMetrics.numRestarts ?? null,
    timeline: statusTimeline(job.timestamps),
    vertices,
    edges: planEdges(job.plan),
    exceptions: exceptions.map((e) => ({
      name: e.name,
      message: e.stacktrace.split('\n')[0]?.replace(/^[\w.$]+:\s*/, '') ?? '',
      stacktrace: e.stacktrace,
      timestamp: e.timestamp,
      taskName: e.taskName,
      endpoint: e.endpoint,
    })),
    config: flatConfig(config),
    kafka: { sourceTopics: sources, sinkTopics: [...sinkTopics].sort(), consumerGroups },
  }
}
