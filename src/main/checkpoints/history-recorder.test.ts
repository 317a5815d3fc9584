import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { JobSummary } from '../../shared/contract'
import type { FlinkClient } from '../flink/flink-client'
import { CheckpointRecorder } from './history-recorder'
import { CheckpointHistoryStore } from './history-store'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

const job = (name: string, jid: string) => ({ jid, name, state: 'RUNNING' }) as JobSummary

/** A Flink that lists one failed checkpoint per job (failed ones need no details), `newest` its id. */
function flink(newest: () => number): FlinkClient {
  return {
    checkpoints: async () => ({
      history: [{ id: newest(), status: 'FAILED', trigger_timestamp: Date.now() - 1000 + newest() }],
    }),
  } as unknown as FlinkClient
}

describe('CheckpointRecorder and a disk that refuses one job', () => {
  it("says a job's history is not being recorded until its own write succeeds, and only for that job", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'keytrail-recorder-'))
    dirs.push(dir)
    const recorder = new CheckpointRecorder(new CheckpointHistoryStore(dir))
    let id = 1
    const client = flink(() => id)
    await recorder.record(client, job('order-service', 'a'.repeat(32)))
    // The job's file replaced by a directory: its next write fails, as on a full disk.
    rmSync(path.join(dir, 'order-service.jsonl'))
    mkdirSync(path.join(dir, 'order-service.jsonl'))
    id = 2
    await recorder.record(client, job('order-service', 'a'.repeat(32)))
    await recorder.record(client, job('shipping-service', 'b'.repeat(32)))
    expect(recorder.unsaved('order-service')).toMatch(/Keytrail's state directory: could not/)
    expect(recorder.unsaved('shipping-service')).toBeNull()
    rmSync(path.join(dir, 'order-service.jsonl'), { recursive: true })
    id = 3
    await recorder.record(client, job('order-service', 'a'.repeat(32)))
    expect(recorder.unsaved('order-service')).toBeNull()
  })
})
