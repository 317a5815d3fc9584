import type { z } from 'zod'
import { checkpointRecordViewSchema } from '../../shared/contract'
import type { CompletedCheckpointStatistics, FailedCheckpointStatistics } from '../flink/generated/rest-1_20'

/** One finished checkpoint as Keytrail remembers it (Flink's own history keeps only the last 10). */
export const checkpointRecordSchema = checkpointRecordViewSchema
export type CheckpointRecord = z.infer<typeof checkpointRecordSchema>

/**
 * A Flink history entry: the spec's base statistics with the fields only completed (external
 * path) or failed (failure time and message) checkpoints carry; all optional.
 */
export type FlinkHistoryEntry = CompletedCheckpointStatistics & FailedCheckpointStatistics

/** A finished entry of Flink's checkpoint history as a record; in-progress entries give undefined. */
export function toRecord(jobId: string, jobName: string, e: FlinkHistoryEntry): CheckpointRecord | undefined {
  if ((e.status !== 'COMPLETED' && e.status !== 'FAILED') || typeof e.id !== 'number') return undefined
  return {
    jobId,
    jobName,
    id: e.id,
    status: e.status,
    isSavepoint: e.is_savepoint ?? false,
    type: e.checkpoint_type ?? null,
    triggerTimestamp: e.trigger_timestamp ?? 0,
    latestAckTimestamp: e.latest_ack_timestamp ?? null,
    durationMs: e.end_to_end_duration ?? null,
    stateSize: e.state_size ?? null,
    checkpointedSize: e.checkpointed_size ?? null,
    processedData: e.processed_data ?? null,
    persistedData: e.persisted_data ?? null,
    alignmentBuffered: e.alignment_buffered ?? null,
    numSubtasks: e.num_subtasks ?? null,
    numAcknowledgedSubtasks: e.num_acknowledged_subtasks ?? null,
    externalPath: e.external_path ?? null,
    failureTimestamp: e.failure_timestamp ?? null,
    failureMessage: e.failure_message ?? null,
  }
}
