import type { z } from 'zod'
import { checkpointRecordViewSchema } from '../../shared/contract'

/** One finished checkpoint as Keytrail remembers it (Flink's own history keeps only the last 10). */
export const checkpointRecordSchema = checkpointRecordViewSchema
export type CheckpointRecord = z.infer<typeof checkpointRecordSchema>

/** The fields of a Flink history entry we read (generated schema types, all optional). */
export interface FlinkHistoryEntry {
  id?: number | null
  status?: string | null
  is_savepoint?: boolean | null
  checkpoint_type?: string | null
  trigger_timestamp?: number | null
  latest_ack_timestamp?: number | null
  end_to_end_duration?: number | null
  state_size?: number | null
  checkpointed_size?: number | null
  processed_data?: number | null
  persisted_data?: number | null
  alignment_buffered?: number | null
  num_subtasks?: number | null
  num_acknowledged_subtasks?: number | null
  external_path?: string | null
  failure_timestamp?: number | null
  failure_message?: string | null
}

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
