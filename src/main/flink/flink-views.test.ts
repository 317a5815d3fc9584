import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { responses as v1 } from './generated/rest-1_20'
import { responses as v2 } from './generated/rest-2_2'
import {
  checkpointConfigView,
  checkpointStatsView,
  clusterViewOf,
  pickJob,
  subtaskView,
  vertexCheckpointView,
} from './flink-views'
import type { ResponseOf } from './flink-client'

/** Recorded responses of real 1.20 and 2.2 clusters, parsed with that version's generated schemas. */
for (const [version, schemas] of [
  ['1.20', v1],
  ['2.2', v2],
] as const) {
  const dir = path.join(import.meta.dirname, 'fixtures', version)
  const raw = (name: string): unknown => JSON.parse(readFileSync(path.join(dir, `${name}.json`), 'utf8'))
  const parse = <K extends keyof typeof v1>(key: K, name: string) =>
    (schemas[key] as unknown as (typeof v1)[K]).parse(raw(name)) as ResponseOf<K>
  const index = raw('index') as { jid: string; jobName: string; checkpointId: number; vertexId: string }

  describe(`view mappers on recorded ${version} responses`, () => {
    const jobs = parse('jobsOverview', 'jobs-overview')
    const cluster = clusterViewOf(version, parse('overview', 'overview'), parse('taskManagers', 'taskmanagers'), jobs)

    it('lists the jobs newest first and finds one by id and by name', () => {
      const starts = cluster.jobs.map((j) => j.startTime ?? 0)
      expect(starts).toEqual([...starts].sort((a, b) => b - a))
      expect(pickJob(cluster.jobs, index.jid)?.jid).toBe(index.jid)
      expect(pickJob(cluster.jobs, index.jobName)?.name).toBe(index.jobName)
      expect(pickJob(cluster.jobs, 'no-such-job')).toBeUndefined()
      expect(cluster.taskManagers.length).toBe((raw('taskmanagers') as { taskmanagers: unknown[] }).taskmanagers.length)
    })

    it('maps checkpoint counts, the latest ones and the configuration as Flink reports them', () => {
      const job = pickJob(cluster.jobs, index.jid)!
      const rawStats = raw('checkpoints') as {
        counts: { completed: number; failed: number; in_progress: number }
        latest: { completed?: { id: number } | null; restored?: { id: number; is_savepoint: boolean } | null }
      }
      const view = checkpointStatsView(job, parse('checkpoints', 'checkpoints'))
      expect(view.counts).toMatchObject({
        completed: rawStats.counts.completed,
        failed: rawStats.counts.failed,
        inProgress: rawStats.counts.in_progress,
      })
      expect(view.latest.completed?.id).toBe(rawStats.latest.completed?.id)
      expect(view.latest.completed?.jobName).toBe(job.name)
      expect(view.latest.restored?.id ?? null).toBe(rawStats.latest.restored?.id ?? null)
      const rawConfig = raw('checkpoint-config') as { interval: number; timeout: number; mode: string }
      expect(checkpointConfigView(parse('checkpointConfig', 'checkpoint-config'))).toMatchObject({
        intervalMs: rawConfig.interval,
        timeoutMs: rawConfig.timeout,
        mode: rawConfig.mode,
      })
      expect(checkpointConfigView(null)).toBeNull()
    })

    it('maps an operator of a checkpoint with its subtasks and says who acknowledged last', () => {
      const task = parse('checkpointDetails', 'checkpoint-details').tasks?.[index.vertexId]
      expect(task).toBeDefined()
      const rawSubtasks = (raw('checkpoint-subtasks') as { subtasks: Array<Record<string, unknown>> }).subtasks
      const v = vertexCheckpointView(index.vertexId, 'Source', task!, rawSubtasks)
      expect(v.subtasks.map((s) => s.index)).toEqual(rawSubtasks.map((s) => s.index))
      expect(v.subtasks.map((s) => s.ackTimestamp)).toEqual(rawSubtasks.map((s) => s.ack_timestamp ?? null))
      expect(v.numSubtasks).toBe(task!.num_subtasks)
      expect(v.slowest?.reason).toMatch(/^(sync|async|alignment|start delay) \d+ ms of \d+ ms$/)
    })
  })
}

describe('subtaskView', () => {
  it('reads a pending subtask, which has only an index and a status, as unknown figures', () => {
    expect(subtaskView({ index: 3, status: 'pending_or_failed' })).toMatchObject({
      index: 3,
      status: 'pending_or_failed',
      ackTimestamp: null,
      syncMs: null,
      alignmentMs: null,
      unaligned: null,
    })
  })
})
