import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { setFault } from '../../src/main/stack/faults'
import { cliScript } from '../../src/main/cli/commands/stack'
import { stopProcess } from '../../src/main/stack/processes'
import { flinkLine } from '../../src/main/stack/stack-config'
import { loadStackOptions, stackUp } from '../../src/main/stack/stack-manager'
import { call, coreFor, flink, jobId, jobsOverview, rawCheckpoints, rawDetails, stack, until } from './support'

const tmp = mkdtempSync(path.join(os.tmpdir(), 'keytrail-flink-itest-'))
const stateDir = path.join(tmp, 'state')
const configDir = path.join(tmp, 'config')
const options = () => {
  const o = loadStackOptions(stack().dir)
  if (!o) throw new Error('no stack options')
  return o
}

describe('Flink jobs and checkpoints against the live cluster', () => {
  afterAll(async () => {
    await setFault(options(), { fault: 'slow-checkpoints', on: false })
    await setFault(options(), { fault: 'failing-checkpoints', on: false })
    rmSync(tmp, { recursive: true, force: true })
  })

  it('lists the same jobs as the raw REST API', async () => {
    const router = coreFor(stateDir, configDir)
    const view = await call(router, 'flink.cluster', { id: 'local' })
    const raw = await flink('/jobs/overview', jobsOverview)
    expect(flinkLine(view.version)).toBe(flinkLine(stack().flinkVersion))
    expect(view.jobs.map((j) => [j.jid, j.name]).sort()).toEqual(raw.jobs.map((j) => [j.jid, j.name]).sort())
    expect(view.taskManagers.length).toBeGreaterThan(0)
  })

  it('shows checkpoint figures equal to the raw REST response', async () => {
    const router = coreFor(stateDir, configDir)
    const jid = await jobId('order-service')
    const view = await call(router, 'checkpoints.get', { id: 'local', job: 'order-service' })
    const raw = await flink(`/jobs/${jid}/checkpoints`, rawCheckpoints)
    expect(view.job.jid).toBe(jid)
    expect(raw.counts.completed - view.counts.completed).toBeGreaterThanOrEqual(0)
    expect(raw.counts.completed - view.counts.completed).toBeLessThanOrEqual(1)
    expect(view.config).toMatchObject({
      intervalMs: 5000,
      timeoutMs: 60_000,
      mode: 'exactly_once',
      retention: 'retain on cancellation',
    })
    const stored = new Map(view.history.map((r) => [`${r.jobId}/${r.id}`, r]))
    const comparable = raw.history.filter((h) => h.status === 'COMPLETED' && h.id <= (view.latest.completed?.id ?? 0))
    expect(comparable.length).toBeGreaterThan(0)
    for (const h of comparable) {
      expect(stored.get(`${jid}/${h.id}`)).toMatchObject({
        durationMs: h.end_to_end_duration,
        stateSize: h.state_size,
        checkpointedSize: h.checkpointed_size,
      })
    }
    expect(view.detectors.map((d) => d.id).sort()).toEqual([
      'alignment-backpressure',
      'back-to-back',
      'consecutive-failures',
      'near-timeout',
      'no-recent-checkpoint',
      'recent-restarts',
      'restart-loop',
      'slow',
      'state-growth',
    ])
    // Operators are recorded with each completed checkpoint while Flink still has its details.
    const withOperators = view.history.filter((r) => r.operators?.length)
    expect(withOperators.length).toBeGreaterThan(0)
    expect(withOperators[withOperators.length - 1]?.operators?.map((o) => o.name).join(' | ')).toContain(
      'Order state machine',
    )
    expect(view.operatorTrend.operators.length).toBeGreaterThan(0)
  })

  it('drills into one checkpoint per operator and subtask, as Flink reports it', async () => {
    const router = coreFor(stateDir, configDir)
    const view = await call(router, 'checkpoints.get', { id: 'local', job: 'inventory-service' })
    const id = view.latest.completed?.id
    if (id === undefined) throw new Error('no completed checkpoint')
    const detail = await call(router, 'checkpoints.detail', { id: 'local', jid: view.job.jid, checkpointId: id })
    const raw = await flink(`/jobs/${view.job.jid}/checkpoints/details/${id}`, rawDetails)
    expect(detail.vertices.map((v) => v.id).sort()).toEqual(Object.keys(raw.tasks).sort())
    for (const v of detail.vertices) {
      expect(v.numSubtasks).toBe(raw.tasks[v.id]?.num_subtasks)
      expect(v.subtasks).toHaveLength(v.numSubtasks ?? -1)
      expect(v.slowest?.reason).toMatch(/^(sync|async|alignment|start delay) \d+ ms of \d+ ms$/)
    }
    expect(detail.vertices.some((v) => v.name.includes('Kafka source'))).toBe(true)
  })

  it('shows the job graph, restarts, exceptions and Kafka links as Flink reports them', async () => {
    const router = coreFor(stateDir, configDir)
    const jid = await jobId('order-service')
    // Flink's metric cache refreshes every 10 s: a fresh job has no metrics yet, nor the source's
    // per-partition metrics that its topics (and so its consumer group) are read from.
    const view = await until('job metrics', 60_000, async () => {
      const v = await call(router, 'jobs.detail', { id: 'local', job: 'order-service' })
      const ready =
        v.restarts !== null && v.vertices.every((x) => x.busyRatio !== null) && v.kafka.consumerGroups.length > 0
      return ready ? v : undefined
    })
    const raw = await flink(
      `/jobs/${jid}`,
      z.looseObject({
        vertices: z.array(z.looseObject({ id: z.string(), name: z.string(), parallelism: z.number() })),
      }),
    )
    expect(view.vertices.map((v) => [v.id, v.name, v.parallelism])).toEqual(
      raw.vertices.map((v) => [v.id, v.name, v.parallelism]),
    )
    expect(view.edges.length).toBe(raw.vertices.length - 1)
    const restarts = await flink(
      `/jobs/${jid}/metrics?get=numRestarts`,
      z.array(z.object({ id: z.string(), value: z.string() })),
    )
    expect(view.restarts).toBe(Number(restarts[0]?.value))
    expect(view.timeline.map((t) => t.status)).toContain('RUNNING')
    expect(view.kafka).toEqual({
      sourceTopics: ['inventory', 'orders', 'payments', 'shipments'],
      sinkTopics: ['orders', 'payments'],
      consumerGroups: ['order-service'],
    })
    const source = view.vertices.find((v) => v.name.includes('Kafka source'))
    expect(source?.busyRatio).not.toBeNull()
    expect(['ok', 'low', 'high']).toContain(source?.backpressureLevel)
  })

  it('refuses a savepoint in a read-only profile at the router, and completes one in a read-write profile', async () => {
    const router = coreFor(stateDir, configDir)
    const local = (await call(router, 'profiles.list', {})).profiles.find((p) => p.id === 'local')
    if (!local) throw new Error('no local profile')
    const { color: _c, secrets: _s, builtIn: _b, ...profile } = local
    await call(router, 'profiles.save', {
      profile: { ...profile, id: 'local-ro', name: 'Local, read-only', readOnly: true },
    })
    const jid = await jobId('shipping-service')
    const refused = await router.call(
      'jobs.action',
      { id: 'local-ro', jid, action: 'savepoint' },
      { transport: 'test' },
    )
    expect(refused.ok ? 'ran' : refused.error.code).toBe('READ_ONLY')
    const done = await call(router, 'jobs.action', { id: 'local', jid, action: 'savepoint' })
    expect(done).toMatchObject({ action: 'savepoint', status: 'COMPLETED', failure: null })
    expect(done.location).toMatch(/^file:.*savepoint-/)
    // Flink's REST API keeps checkpoint statistics for rest.cache.checkpoint-statistics.timeout
    // (web.refresh-interval, 3 s) after the trigger reports COMPLETED, so the view catches up within seconds.
    const dir = String(done.location).split('/').pop() ?? ''
    expect(dir).toMatch(/^savepoint-/)
    await until('the savepoint in the checkpoints view', 20_000, async () => {
      const view = await call(router, 'checkpoints.get', { id: 'local', job: 'shipping-service' })
      return view.latest.savepoint?.externalPath?.endsWith(dir)
    })
  })

  it('keeps history across a console restart (a new core on the same state dir)', async () => {
    const first = await call(coreFor(stateDir, configDir), 'checkpoints.get', { id: 'local', job: 'shipping-service' })
    // A new core on the same state dir: what the first recorded is still there, and it goes on recording.
    const again = await until(
      'more recorded history',
      60_000,
      async () => {
        const v = await call(coreFor(stateDir, configDir, 'cli'), 'checkpoints.get', {
          id: 'local',
          job: 'shipping-service',
        })
        return v.historyTotal > first.historyTotal ? v : undefined
      },
      2000,
    )
    const ids = new Set(again.history.map((r) => r.id))
    for (const r of first.history) expect(ids.has(r.id)).toBe(true)
  })

  it('slow-checkpoints raises the back-to-back duration detector with its evidence', async () => {
    const router = coreFor(stateDir, configDir)
    await setFault(options(), { fault: 'slow-checkpoints', on: true })
    try {
      const fired = await until(
        'the back-to-back detector',
        150_000,
        async () => {
          const v = await call(router, 'checkpoints.get', { id: 'local', job: 'inventory-service' })
          return v.detectors.find((d) => d.id === 'back-to-back' && d.firing)
        },
        3000,
      )
      expect(fired.evidence).toMatch(/median duration of the last 5: \d+\.\d s; interval 5\.0 s/)
    } finally {
      await setFault(options(), { fault: 'slow-checkpoints', on: false })
    }
  })

  it('failing-checkpoints raises the failure detector with Flink’s failure message', async () => {
    const router = coreFor(stateDir, configDir)
    await setFault(options(), { fault: 'failing-checkpoints', on: true })
    try {
      const fired = await until(
        'the consecutive-failures detector',
        150_000,
        async () => {
          const v = await call(router, 'checkpoints.get', { id: 'local', job: 'shipping-service' })
          return v.detectors.find((d) => d.id === 'consecutive-failures' && d.firing)
        },
        3000,
      )
      expect(fired.evidence).toContain('Asynchronous task checkpoint failed')
    } finally {
      await setFault(options(), { fault: 'failing-checkpoints', on: false })
    }
    await until(
      'the failure detector to clear',
      90_000,
      async () => {
        const v = await call(router, 'checkpoints.get', { id: 'local', job: 'shipping-service' })
        return v.detectors.find((d) => d.id === 'consecutive-failures' && !d.firing)
      },
      3000,
    )
  })

  it('keeps history when the JobManager restarts and the jobs are resubmitted', async () => {
    const router = coreFor(stateDir, configDir)
    const before = await call(router, 'checkpoints.get', { id: 'local', job: 'inventory-service' })
    const oldJid = before.job.jid
    expect(before.history.some((r) => r.jobId === oldJid)).toBe(true)
    await stopProcess(path.join(stack().dir, 'run', 'flink-jobmanager.pid'))
    await stackUp(options(), cliScript(), (line) => console.log(`[jm restart] ${line}`))
    const after = await until(
      'history of the resubmitted job',
      120_000,
      async () => {
        const v = await call(router, 'checkpoints.get', { id: 'local', job: 'inventory-service' })
        return v.job.jid !== oldJid && v.history.some((r) => r.jobId === v.job.jid) ? v : undefined
      },
      3000,
    )
    expect(after.history.some((r) => r.jobId === oldJid)).toBe(true)
    expect(after.counts.restored).toBeGreaterThan(0)
    expect(after.latest.restored?.externalPath ?? '').toContain('inventory-service')
  })
})
