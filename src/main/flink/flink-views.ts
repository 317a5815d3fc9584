import {
  ApiError,
  type CheckpointDetailView,
  type CheckpointsView,
  type ClusterView,
  type JobSummary,
} from '../../shared/contract'
import { toRecord, type CheckpointRecord, type FlinkHistoryEntry } from '../checkpoints/checkpoint-record'
import { runDetectors } from '../checkpoints/detectors'
import { operatorTrend, trend } from '../checkpoints/trend'
import type { CheckpointHistoryStore } from '../checkpoints/history-store'
import type { FlinkClient, ResponseOf } from './flink-client'

type JobRow = NonNullable<ResponseOf<'jobsOverview'>['jobs']>[number]

const TERMINAL = new Set(['FINISHED', 'CANCELED', 'FAILED'])

export function summary(j: JobRow): JobSummary {
  return {
    jid: j.jid ?? '',
    name: j.name ?? '',
    state: j.state ?? 'UNKNOWN',
    startTime: j['start-time'] ?? null,
    durationMs: j.duration ?? null,
    tasksTotal: j.tasks?.total ?? null,
    tasksRunning: j.tasks?.running ?? null,
  }
}

export async function clusterView(client: FlinkClient, signal?: AbortSignal): Promise<ClusterView> {
  const [overview, tms, jobs] = await Promise.all([
    client.overview(signal),
    client.taskManagers(signal),
    client.jobs(signal),
  ])
  return {
    version: client.version,
    slotsTotal: overview['slots-total'] ?? 0,
    slotsAvailable: overview['slots-available'] ?? 0,
    taskManagers: (tms.taskmanagers ?? []).map((t) => ({
      id: t.id ?? '',
      slots: t.slotsNumber ?? null,
      freeSlots: t.freeSlots ?? null,
      heapBytes: t.hardware?.freeMemory ?? null,
      lastHeartbeat: t.timeSinceLastHeartbeat ?? null,
    })),
    jobs: (jobs.jobs ?? []).map(summary).sort((a, b) => (b.startTime ?? 0) - (a.startTime ?? 0)),
  }
}

/** A job by id or by name (the live one first, else the newest). */
export async function resolveJob(client: FlinkClient, ref: string, signal?: AbortSignal): Promise<JobSummary> {
  const jobs = (await client.jobs(signal)).jobs?.map(summary) ?? []
  const byId = jobs.find((j) => j.jid === ref)
  if (byId) return byId
  const named = jobs.filter((j) => j.name === ref).sort((a, b) => (b.startTime ?? 0) - (a.startTime ?? 0))
  const found = named.find((j) => !TERMINAL.has(j.state)) ?? named[0]
  if (!found) throw new ApiError('NOT_FOUND', `No Flink job "${ref}" on this cluster`)
  return found
}

const SPIKE_FACTOR = 3
/** Vertex names per job id: a job's graph does not change while it runs (bounded cache). */
const names = new Map<string, Map<string, string>>()

async function vertexNames(client: FlinkClient, jid: string, signal?: AbortSignal): Promise<Map<string, string>> {
  const cached = names.get(jid)
  if (cached) return cached
  const job = await client.job(jid, signal).catch(() => undefined)
  const map = new Map((job?.vertices ?? []).map((v) => [v.id ?? '', v.name ?? '']))
  if (map.size) {
    if (names.size >= 500) names.delete(names.keys().next().value ?? '')
    names.set(jid, map)
  }
  return map
}

/**
 * Stores the finished checkpoints in Flink's (short) history that are new to us, with their
 * per-operator sizes and durations while Flink still has the details; a checkpoint much slower
 * than the stored median also gets its slowest operator's alignment and backpressure.
 */
export async function recordHistory(
  client: FlinkClient,
  store: CheckpointHistoryStore,
  job: JobSummary,
  signal?: AbortSignal,
) {
  const stats = await client.checkpoints(job.jid, signal)
  const records = (stats.history ?? [])
    .map((e) => toRecord(job.jid, job.name, e as FlinkHistoryEntry))
    .filter((r): r is CheckpointRecord => !!r)
  const fresh = (await store.missing(records)).filter((r) => r.status === 'COMPLETED')
  if (fresh.length) {
    const vertices = await vertexNames(client, job.jid, signal)
    const recent = (await store.list(job.name)).slice(-20).map((r) => r.durationMs ?? 0)
    const median = [...recent].sort((a, b) => a - b)[Math.floor(recent.length / 2)] ?? 0
    for (const r of fresh) {
      const details = await client.checkpointDetails(job.jid, r.id, signal).catch(() => undefined)
      const tasks =
        (details as { tasks?: Record<string, { state_size?: number; end_to_end_duration?: number }> } | undefined)
          ?.tasks ?? {}
      r.operators = Object.entries(tasks).map(([id, t]) => ({
        id,
        name: vertices.get(id) ?? id,
        stateSize: t.state_size ?? null,
        durationMs: t.end_to_end_duration ?? null,
      }))
      if (recent.length >= 5 && (r.durationMs ?? 0) >= SPIKE_FACTOR * Math.max(median, 1) && r.operators.length) {
        const slowest = [...r.operators].sort((x, y) => (y.durationMs ?? 0) - (x.durationMs ?? 0))[0]
        if (slowest) r.spike = await spikeOf(client, job.jid, r.id, slowest.id, slowest.name, signal)
      }
    }
  }
  await store.add(records)
  return stats
}

async function spikeOf(
  client: FlinkClient,
  jid: string,
  checkpointId: number,
  vertexId: string,
  vertexName: string,
  signal?: AbortSignal,
) {
  const [sub, bp] = await Promise.all([
    client.checkpointSubtasks(jid, checkpointId, vertexId, signal).catch(() => undefined),
    client.backpressure(jid, vertexId, signal).catch(() => undefined),
  ])
  const alignment = (sub?.summary as { alignment?: { duration?: { max?: number } } } | null | undefined)?.alignment
    ?.duration?.max
  const ratios = (bp?.subtasks ?? []).map((x) => (x as { ratio?: number }).ratio ?? 0)
  return {
    vertexId,
    vertexName,
    alignmentMs: typeof alignment === 'number' ? alignment : null,
    backpressureRatio: ratios.length ? Math.max(...ratios) : null,
  }
}

function parseDurationMs(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null
}

export async function checkpointsView(
  client: FlinkClient,
  store: CheckpointHistoryStore,
  ref: string,
  limit: number,
  now = Date.now(),
  signal?: AbortSignal,
): Promise<CheckpointsView> {
  const job = await resolveJob(client, ref, signal)
  const [stats, config, exceptions] = await Promise.all([
    recordHistory(client, store, job, signal),
    client.checkpointConfig(job.jid, signal),
    client.exceptions(job.jid, signal).catch(() => []),
  ])
  const all = await store.list(job.name)
  const latest = stats.latest ?? {}
  const rec = (e: unknown) => (e ? (toRecord(job.jid, job.name, e as FlinkHistoryEntry) ?? null) : null)
  const restored = latest.restored as
    | {
        id?: number | null
        restore_timestamp?: number | null
        external_path?: string | null
        is_savepoint?: boolean | null
      }
    | null
    | undefined
  const configView = config
    ? {
        mode: config.mode ?? null,
        intervalMs: parseDurationMs(config.interval),
        timeoutMs: parseDurationMs(config.timeout),
        minPauseMs: parseDurationMs(config.min_pause),
        maxConcurrent: config.max_concurrent ?? null,
        unaligned: config.unaligned_checkpoints ?? null,
        tolerableFailures: config.tolerable_failed_checkpoints ?? null,
        retention: config.externalization?.enabled
          ? config.externalization.delete_on_cancellation
            ? 'delete on cancellation'
            : 'retain on cancellation'
          : 'not retained',
        stateBackend: config.state_backend ?? null,
        storage: config.checkpoint_storage ?? null,
      }
    : null
  return {
    job,
    counts: {
      total: stats.counts?.total ?? 0,
      inProgress: stats.counts?.in_progress ?? 0,
      completed: stats.counts?.completed ?? 0,
      failed: stats.counts?.failed ?? 0,
      restored: stats.counts?.restored ?? 0,
    },
    latest: {
      completed: rec(latest.completed),
      failed: rec(latest.failed),
      savepoint: rec(latest.savepoint),
      restored:
        restored?.id != null
          ? {
              id: restored.id,
              restoreTimestamp: restored.restore_timestamp ?? null,
              externalPath: restored.external_path ?? null,
              isSavepoint: restored.is_savepoint ?? false,
            }
          : null,
    },
    config: configView,
    history: all.slice(-limit),
    historyTotal: all.length,
    trend: trend(all),
    operatorTrend: operatorTrend(all),
    detectors: runDetectors({
      records: all,
      intervalMs: configView?.intervalMs ?? null,
      timeoutMs: configView?.timeoutMs ?? null,
      jobRunning: job.state === 'RUNNING',
      restartTimestamps: exceptions.map((e) => e.timestamp).filter((t): t is number => t !== null),
      now,
    }),
  }
}

/** Per operator and per subtask: who acknowledged last, and what took its time. */
export async function checkpointDetail(
  client: FlinkClient,
  jid: string,
  checkpointId: number,
  signal?: AbortSignal,
): Promise<CheckpointDetailView> {
  const details = await client.checkpointDetails(jid, checkpointId, signal)
  const tasks = Object.entries((details as { tasks?: Record<string, unknown> | null }).tasks ?? {})
  const job = await client.job(jid, signal)
  const names = new Map((job.vertices ?? []).map((v) => [v.id ?? '', v.name ?? '']))
  const vertices = await Promise.all(
    tasks.map(async ([vid, t]) => {
      const task = t as {
        status?: string
        num_subtasks?: number
        num_acknowledged_subtasks?: number
        end_to_end_duration?: number
        state_size?: number
        checkpointed_size?: number
      }
      const sub = await client.checkpointSubtasks(jid, checkpointId, vid, signal)
      const subtasks = (sub?.subtasks ?? []).map((s) => {
        const x = s as Record<string, unknown> & {
          checkpoint?: { sync?: number; async?: number }
          alignment?: { duration?: number }
          start_delay?: number
        }
        return {
          index: Number(x.index ?? 0),
          status: String(x.status ?? 'unknown'),
          ackTimestamp: typeof x.ack_timestamp === 'number' ? x.ack_timestamp : null,
          endToEndMs: typeof x.end_to_end_duration === 'number' ? x.end_to_end_duration : null,
          syncMs: x.checkpoint?.sync ?? null,
          asyncMs: x.checkpoint?.async ?? null,
          alignmentMs: x.alignment?.duration ?? null,
          startDelayMs: x.start_delay ?? null,
          unaligned: typeof x.unaligned_checkpoint === 'boolean' ? x.unaligned_checkpoint : null,
          stateSize: typeof x.state_size === 'number' ? x.state_size : null,
          checkpointedSize: typeof x.checkpointed_size === 'number' ? x.checkpointed_size : null,
        }
      })
      const last = subtasks
        .filter((s) => s.ackTimestamp !== null)
        .sort((a, b) => (b.ackTimestamp ?? 0) - (a.ackTimestamp ?? 0))[0]
      const parts = last
        ? ([
            ['sync', last.syncMs],
            ['async', last.asyncMs],
            ['alignment', last.alignmentMs],
            ['start delay', last.startDelayMs],
          ] as const)
        : []
      const biggest = [...parts].sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))[0]
      return {
        id: vid,
        name: names.get(vid) ?? vid,
        status: task.status ?? null,
        numSubtasks: task.num_subtasks ?? null,
        numAcknowledged: task.num_acknowledged_subtasks ?? null,
        endToEndMs: task.end_to_end_duration ?? null,
        stateSize: task.state_size ?? null,
        checkpointedSize: task.checkpointed_size ?? null,
        subtasks,
        slowest:
          last && biggest
            ? { index: last.index, reason: `${biggest[0]} ${biggest[1] ?? 0} ms of ${last.endToEndMs ?? '?'} ms` }
            : null,
      }
    }),
  )
  return { jobId: jid, id: checkpointId, status: String(details.status ?? 'UNKNOWN'), vertices }
}
