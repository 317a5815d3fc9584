import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { FlinkClient } from '../flink/flink-client'
import { CheckpointRecorder } from './history-recorder'
import { CheckpointHistoryStore } from './history-store'

const JID = 'cda263ad3919b1dca743f566536d49d1'
const job = {
  jid: JID,
  name: 'order-service',
  state: 'RUNNING',
  startTime: 0,
  durationMs: null,
  tasksTotal: 2,
  tasksRunning: 2,
}
const T0 = 1_796_237_000_000

/** Flink's short history: checkpoint ids with their durations, every 5 s, the newest first. */
function history(durations: Array<[number, number]>) {
  return durations
    .map(([id, ms]) => ({
      id,
      status: 'COMPLETED',
      is_savepoint: false,
      checkpoint_type: 'CHECKPOINT',
      trigger_timestamp: T0 + id * 5_000,
      latest_ack_timestamp: T0 + id * 5_000 + ms,
      end_to_end_duration: ms,
      state_size: 40_000 + id,
      num_subtasks: 4,
      num_acknowledged_subtasks: 4,
    }))
    .reverse()
}

/** A Flink client answering from memory, counting what it is asked. */
function fakeClient(entries: ReturnType<typeof history>) {
  const asked = { job: 0, details: 0, subtasks: 0 }
  const client = {
    checkpoints: async () => ({ history: [...entries, { id: 999, status: 'IN_PROGRESS' }] }),
    job: async () => {
      asked.job++
      return {
        vertices: [
          { id: 'src', name: 'Source: Kafka source: orders' },
          { id: 'sm', name: 'Order state machine' },
        ],
      }
    },
    checkpointDetails: async (_jid: string, id: number) => {
      asked.details++
      const ms = entries.find((e) => e.id === id)?.end_to_end_duration ?? 0
      return {
        tasks: {
          src: { state_size: 900, end_to_end_duration: 5 },
          sm: { state_size: 40_000, end_to_end_duration: ms },
        },
      }
    },
    checkpointSubtasks: async () => {
      asked.subtasks++
      return { summary: { alignment: { duration: { max: 2_600 } } } }
    },
    backpressure: async () => ({ subtasks: [{ ratio: 0.2 }, { ratio: 0.85 }] }),
  }
  return { client: client as unknown as FlinkClient, asked }
}

describe('CheckpointRecorder', () => {
  it('stores the completed checkpoints new to it with their operators, and explains a slow one', async () => {
    const store = new CheckpointHistoryStore(mkdtempSync(path.join(os.tmpdir(), 'keytrail-recorder-')))
    const recorder = new CheckpointRecorder(store)
    const first = fakeClient(history([1, 2, 3, 4, 5, 6].map((id) => [id, 80 + id])))
    await recorder.record(first.client, job)
    expect((await store.list('order-service')).map((r) => r.id)).toEqual([1, 2, 3, 4, 5, 6])
    expect(first.asked.details).toBe(6)

    // Flink's history moves on: 7 is usual, 8 takes 30 times the median.
    const next = fakeClient(history([3, 4, 5, 6, 7, 8].map((id) => [id, id === 8 ? 2_700 : 80 + id])))
    await recorder.record(next.client, job)
    const stored = await store.list('order-service')
    expect(stored.map((r) => r.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
    expect(next.asked.details).toBe(2) // only 7 and 8 are new
    expect(next.asked.job).toBe(0) // vertex names are remembered per job
    const slow = stored.find((r) => r.id === 8)
    expect(slow?.operators).toEqual([
      { id: 'src', name: 'Source: Kafka source: orders', stateSize: 900, durationMs: 5 },
      { id: 'sm', name: 'Order state machine', stateSize: 40_000, durationMs: 2_700 },
    ])
    expect(slow?.spike).toEqual({
      vertexId: 'sm',
      vertexName: 'Order state machine',
      alignmentMs: 2_600,
      backpressureRatio: 0.85,
    })
    expect(stored.find((r) => r.id === 7)?.spike).toBeUndefined()
    expect(next.asked.subtasks).toBe(1)
  })
})
