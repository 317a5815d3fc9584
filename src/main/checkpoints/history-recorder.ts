import type { JobSummary } from '../../shared/contract'
import { toApiError } from '../api/to-api-error'
import type { FlinkClient, ResponseOf } from '../flink/flink-client'
import { toRecord, type CheckpointRecord } from './checkpoint-record'
import type { CheckpointHistoryStore } from './history-store'

/** A checkpoint this many times slower than the stored median gets its slowest operator's details. */
const SPIKE_FACTOR = 3
/** Jobs whose vertex names are remembered: a job's graph does not change while it runs. */
const NAMED_JOBS = 500

type CheckpointRecordOperators = NonNullable<CheckpointRecord['operators']>

/**
 * Keeps a profile's checkpoint history: stores the finished checkpoints in Flink's (short)
 * history that are new to us, with their per-operator sizes and durations while Flink still has
 * the details.
 */
export class CheckpointRecorder {
  private readonly names = new Map<string, Map<string, string>>()
  /** Per job name: why its last checkpoints could not be stored, until a write of its succeeds again. */
  private readonly unsavedByJob = new Map<string, string>()

  constructor(readonly store: CheckpointHistoryStore) {}

  /** Records what is new in a job's checkpoint statistics; returns those statistics. */
  async record(client: FlinkClient, job: JobSummary, signal?: AbortSignal): Promise<ResponseOf<'checkpoints'>> {
    const stats = await client.checkpoints(job.jid, signal)
    const records = (stats.history ?? [])
      .map((e) => toRecord(job.jid, job.name, e))
      .filter((r): r is CheckpointRecord => !!r)
    const fresh = (await this.store.missing(records)).filter((r) => r.status === 'COMPLETED')
    if (fresh.length) {
      const vertices = await this.vertexNames(client, job.jid, signal)
      const recent = (await this.store.list(job.name)).slice(-20).map((r) => r.durationMs ?? 0)
      const median = [...recent].sort((a, b) => a - b)[Math.floor(recent.length / 2)] ?? 0
      for (const r of fresh) {
        r.operators = await operators(client, job.jid, r.id, vertices, signal)
        if (recent.length >= 5 && (r.durationMs ?? 0) >= SPIKE_FACTOR * Math.max(median, 1) && r.operators.length) {
          const slowest = [...r.operators].sort((x, y) => (y.durationMs ?? 0) - (x.durationMs ?? 0))[0]
          if (slowest) r.spike = await spikeOf(client, job.jid, r.id, slowest.id, slowest.name, signal)
        }
      }
    }
    // A full or read-only state directory loses no figure of the view: the write is retried next poll.
    await this.store.add(records).then(
      () => this.unsavedByJob.delete(job.name),
      (err: unknown) => this.unsavedByJob.set(job.name, toApiError(err).message),
    )
    return stats
  }

  /** Why a job's last checkpoints could not be stored; null when they were (one job's disk error is not another's). */
  unsaved(jobName: string): string | null {
    return this.unsavedByJob.get(jobName) ?? null
  }

  private async vertexNames(client: FlinkClient, jid: string, signal?: AbortSignal): Promise<Map<string, string>> {
    const cached = this.names.get(jid)
    if (cached) return cached
    const job = await client.job(jid, signal).catch(() => undefined)
    const map = new Map((job?.vertices ?? []).map((v) => [v.id ?? '', v.name ?? '']))
    if (map.size) {
      if (this.names.size >= NAMED_JOBS) this.names.delete(this.names.keys().next().value ?? '')
      this.names.set(jid, map)
    }
    return map
  }
}

async function operators(
  client: FlinkClient,
  jid: string,
  checkpointId: number,
  vertices: Map<string, string>,
  signal?: AbortSignal,
): Promise<CheckpointRecordOperators> {
  const details = await client.checkpointDetails(jid, checkpointId, signal).catch(() => undefined)
  return Object.entries(details?.tasks ?? {}).map(([id, t]) => ({
    id,
    name: vertices.get(id) ?? id,
    stateSize: t.state_size ?? null,
    durationMs: t.end_to_end_duration ?? null,
  }))
}

/** Why a checkpoint was slow at its slowest operator: barrier alignment, backpressure. */
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
  const alignment = sub?.summary?.alignment?.duration?.max
  const ratios = (bp?.subtasks ?? []).map((x) => (typeof x.ratio === 'number' ? x.ratio : 0))
  return {
    vertexId,
    vertexName,
    alignmentMs: typeof alignment === 'number' ? alignment : null,
    backpressureRatio: ratios.length ? Math.max(...ratios) : null,
  }
}
