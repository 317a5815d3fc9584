import {
  ApiError,
  type CheckpointDetailView,
  type CheckpointsView,
  type ClusterView,
  type JobSummary,
} from '../../shared/contract'
import { runDetectors } from '../checkpoints/detectors'
import type { CheckpointRecorder } from '../checkpoints/history-recorder'
import { operatorTrend, trend } from '../checkpoints/trend'
import type { FlinkClient } from './flink-client'
import {
  checkpointConfigView,
  checkpointStatsView,
  clusterViewOf,
  pickJob,
  summary,
  vertexCheckpointView,
} from './flink-views'

// What the views need read from Flink, then handed to the pure mappers of flink-views.ts.

export async function clusterView(client: FlinkClient, signal?: AbortSignal): Promise<ClusterView> {
  const [overview, tms, jobs] = await Promise.all([
    client.overview(signal),
    client.taskManagers(signal),
    client.jobs(signal),
  ])
  return clusterViewOf(client.version, overview, tms, jobs)
}

/** A job by id or by name (the live one first, else the newest). */
export async function resolveJob(client: FlinkClient, ref: string, signal?: AbortSignal): Promise<JobSummary> {
  const found = pickJob((await client.jobs(signal)).jobs?.map(summary) ?? [], ref)
  if (!found) throw new ApiError('NOT_FOUND', `No Flink job "${ref}" on this cluster`)
  return found
}

/** A job's checkpoints: Flink's figures, the history Keytrail keeps (recorded first), trends and detectors. */
export async function checkpointsView(
  client: FlinkClient,
  recorder: CheckpointRecorder,
  ref: string,
  limit: number,
  now = Date.now(),
  signal?: AbortSignal,
): Promise<CheckpointsView> {
  const job = await resolveJob(client, ref, signal)
  const [stats, config, exceptions] = await Promise.all([
    recorder.record(client, job, signal),
    client.checkpointConfig(job.jid, signal),
    client.exceptions(job.jid, signal).catch(() => []),
  ])
  const all = await recorder.store.list(job.name)
  const configView = checkpointConfigView(config)
  return {
    job,
    ...checkpointStatsView(job, stats),
    config: configView,
    history: all.slice(-limit),
    historyTotal: all.length,
    historyUnsaved: recorder.unsaved(job.name),
    trend: trend(all),
    operatorTrend: operatorTrend(all),
    detectors: runDetectors({
      records: all,
      intervalMs: configView?.intervalMs ?? null,
      timeoutMs: configView?.timeoutMs ?? null,
      jobRunning: job.state === 'RUNNING',
      restartTimestamps: exceptions.map((e) => e.timestamp).filter((t): t is number => t !== null),
      lastException: exceptions[0] ? failureLine(exceptions[0].name, exceptions[0].stacktrace) : null,
      inProgressSince: inProgressSince(stats.history ?? []),
      now,
    }),
  }
}

/** The root cause's "Class: message" line of a failure (the last "Caused by:"), else its first line. */
export function failureLine(name: string, stacktrace: string): string {
  const lines = stacktrace.split('\n')
  const root = lines
    .filter((l) => l.startsWith('Caused by: '))
    .at(-1)
    ?.slice('Caused by: '.length)
  return (root ?? lines[0] ?? name).trim().slice(0, 300) || name
}

/** When the oldest checkpoint still in progress was triggered (Flink lists it in its history). */
function inProgressSince(history: Array<{ status?: string | null; trigger_timestamp?: number | null }>): number | null {
  const open = history.filter((e) => e.status === 'IN_PROGRESS' && typeof e.trigger_timestamp === 'number')
  return open.length ? Math.min(...open.map((e) => e.trigger_timestamp ?? 0)) : null
}

/** Per operator and per subtask: who acknowledged last, and what took its time. */
export async function checkpointDetail(
  client: FlinkClient,
  jid: string,
  checkpointId: number,
  signal?: AbortSignal,
): Promise<CheckpointDetailView> {
  const [details, job] = await Promise.all([
    client.checkpointDetails(jid, checkpointId, signal),
    client.job(jid, signal),
  ])
  const names = new Map((job.vertices ?? []).map((v) => [v.id ?? '', v.name ?? '']))
  const vertices = await Promise.all(
    Object.entries(details.tasks ?? {}).map(async ([vid, task]) => {
      const sub = await client.checkpointSubtasks(jid, checkpointId, vid, signal)
      return vertexCheckpointView(vid, names.get(vid) ?? vid, task, sub?.subtasks ?? [])
    }),
  )
  return { jobId: jid, id: checkpointId, status: String(details.status ?? 'UNKNOWN'), vertices }
}
