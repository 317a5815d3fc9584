import type { CheckpointDetailView, CheckpointsView, ClusterView, JobSummary } from '../../shared/contract'
import { toRecord, type CheckpointRecord } from '../checkpoints/checkpoint-record'
import type { ResponseOf } from './flink-client'
import type { TaskCheckpointStatistics } from './generated/rest-1_20'

// Pure mappers from Flink's REST answers (the generated types) to the contract's views.

type JobRow = NonNullable<ResponseOf<'jobsOverview'>['jobs']>[number]
type CheckpointStats = ResponseOf<'checkpoints'>
type CheckpointConfigView = NonNullable<CheckpointsView['config']>
type VertexDetail = CheckpointDetailView['vertices'][number]
type SubtaskView = VertexDetail['subtasks'][number]

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

export function clusterViewOf(
  version: string,
  overview: ResponseOf<'overview'>,
  tms: ResponseOf<'taskManagers'>,
  jobs: ResponseOf<'jobsOverview'>,
): ClusterView {
  return {
    version,
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

/** A job by id or by name (the live one first, else the newest); undefined when none matches. */
export function pickJob(jobs: JobSummary[], ref: string): JobSummary | undefined {
  const byId = jobs.find((j) => j.jid === ref)
  if (byId) return byId
  const named = jobs.filter((j) => j.name === ref).sort((a, b) => (b.startTime ?? 0) - (a.startTime ?? 0))
  return named.find((j) => !TERMINAL.has(j.state)) ?? named[0]
}

function durationMs(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null
}

export function checkpointConfigView(config: ResponseOf<'checkpointConfig'> | null): CheckpointConfigView | null {
  if (!config) return null
  return {
    mode: config.mode ?? null,
    intervalMs: durationMs(config.interval),
    timeoutMs: durationMs(config.timeout),
    minPauseMs: durationMs(config.min_pause),
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
}

/** Counts and the latest completed, failed, savepoint and restored checkpoints, as Flink reports them. */
export function checkpointStatsView(
  job: JobSummary,
  stats: CheckpointStats,
): Pick<CheckpointsView, 'counts' | 'latest'> {
  const latest = stats.latest ?? {}
  const rec = (e: Parameters<typeof toRecord>[2] | null | undefined): CheckpointRecord | null =>
    e ? (toRecord(job.jid, job.name, e) ?? null) : null
  const restored = latest.restored
  return {
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
  }
}

/**
 * The fields of a subtask's checkpoint statistics. The spec models a subtask as a polymorphic
 * base (`className`, `index`, `status`) whose completed variant is not generated, so its timing
 * fields are read here, each checked for its type.
 */
interface CompletedSubtask {
  index?: unknown
  status?: unknown
  ack_timestamp?: unknown
  end_to_end_duration?: unknown
  checkpoint?: { sync?: unknown; async?: unknown } | null
  alignment?: { duration?: unknown } | null
  start_delay?: unknown
  unaligned_checkpoint?: unknown
  state_size?: unknown
  checkpointed_size?: unknown
}

const num = (v: unknown): number | null => (typeof v === 'number' ? v : null)

export function subtaskView(s: CompletedSubtask): SubtaskView {
  return {
    index: Number(s.index ?? 0),
    status: String(s.status ?? 'unknown'),
    ackTimestamp: num(s.ack_timestamp),
    endToEndMs: num(s.end_to_end_duration),
    syncMs: num(s.checkpoint?.sync),
    asyncMs: num(s.checkpoint?.async),
    alignmentMs: num(s.alignment?.duration),
    startDelayMs: num(s.start_delay),
    unaligned: typeof s.unaligned_checkpoint === 'boolean' ? s.unaligned_checkpoint : null,
    stateSize: num(s.state_size),
    checkpointedSize: num(s.checkpointed_size),
  }
}

/** The subtask that acknowledged last, and the part of its time (sync, async, alignment, start delay) that was largest. */
function slowestSubtask(subtasks: SubtaskView[]): VertexDetail['slowest'] {
  const last = subtasks
    .filter((s) => s.ackTimestamp !== null)
    .sort((a, b) => (b.ackTimestamp ?? 0) - (a.ackTimestamp ?? 0))[0]
  if (!last) return null
  const parts = [
    ['sync', last.syncMs],
    ['async', last.asyncMs],
    ['alignment', last.alignmentMs],
    ['start delay', last.startDelayMs],
  ] as const
  const biggest = [...parts].sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))[0]!
  return { index: last.index, reason: `${biggest[0]} ${biggest[1] ?? 0} ms of ${last.endToEndMs ?? '?'} ms` }
}

/** One operator of a checkpoint, with its subtasks and who acknowledged last. */
export function vertexCheckpointView(
  id: string,
  name: string,
  task: TaskCheckpointStatistics,
  subtasks: CompletedSubtask[],
): VertexDetail {
  const views = subtasks.map(subtaskView)
  return {
    id,
    name,
    status: task.status ?? null,
    numSubtasks: task.num_subtasks ?? null,
    numAcknowledged: task.num_acknowledged_subtasks ?? null,
    endToEndMs: task.end_to_end_duration ?? null,
    stateSize: task.state_size ?? null,
    checkpointedSize: task.checkpointed_size ?? null,
    subtasks: views,
    slowest: slowestSubtask(views),
  }
}
