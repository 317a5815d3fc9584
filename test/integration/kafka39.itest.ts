import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cliScript } from '../../src/main/cli/commands/stack'
import { setTrafficRate } from '../../src/main/stack/faults'
import { defaultStackOptions, FLINK_VERSIONS, type StackOptions } from '../../src/main/stack/stack-config'
import { loadStackOptions, stackDown, stackStatus, stackUp } from '../../src/main/stack/stack-manager'
import { checkStack } from './stack-checks'
import { call, coreFor, flink, jobId, jobsOverview, rawCheckpoints, rawDetails, stack, until } from './support'

/**
 * The second leg of the version matrix: a second stack on Kafka 3.9 and Flink 2.2 (other ports,
 * other directory) must pass the same stack checks, and Keytrail's Flink figures must read it as
 * they read the default Kafka 4 + Flink 1.20 stack.
 */
describe('the local stack on Kafka 3.9 and Flink 2.2', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'keytrail-stack39-'))
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'keytrail-stack39-core-'))
  const options: StackOptions = {
    ...defaultStackOptions({}),
    dir,
    kafkaVersion: '3.9.2',
    flinkVersion: FLINK_VERSIONS['2.2'] ?? '2.2.1',
    kafkaPort: 19092,
    controllerPort: 19093,
    flinkPort: 18081,
  }
  const main = () => loadStackOptions(stack().dir)
  const core = () => coreFor(path.join(tmp, 'state'), path.join(tmp, 'config'), 'test', options)

  beforeAll(async () => {
    const m = main()
    if (m) await setTrafficRate(m, 2) // leave the two cores to the second stack
    const progress = (line: string) => console.log(`[kafka 3.9 + flink 2.2] ${line}`)
    // On a busy machine a JVM can miss its start-up wait; `up` is idempotent, so a second call
    // picks up what the first one started instead of failing the whole leg.
    await stackUp(options, cliScript(), progress).catch(async (err: unknown) => {
      progress(`first start-up attempt failed (${String(err)}); trying once more`)
      await stackUp(options, cliScript(), progress)
    })
  }, 900_000)

  afterAll(async () => {
    await stackDown(options)
    const m = main()
    if (m) await setTrafficRate(m, m.trafficRate)
    rmSync(dir, { recursive: true, force: true })
    rmSync(tmp, { recursive: true, force: true })
  }, 120_000)

  it('runs Kafka 3.9 and Flink 2.2 and passes the same checks', async () => {
    const status = await stackStatus(options)
    expect(status.components.every((c) => c.healthy)).toBe(true)
    await checkStack(options.kafkaPort, options.flinkPort)
  })

  it('reads the Flink 2.2 cluster, its jobs and their checkpoint figures as Flink reports them', async () => {
    const router = core()
    const cluster = await call(router, 'flink.cluster', { id: 'local' })
    const raw = await flink('/jobs/overview', jobsOverview, options.flinkPort)
    expect(cluster.version).toMatch(/^2\.2\./)
    expect(cluster.jobs.map((j) => [j.jid, j.name]).sort()).toEqual(raw.jobs.map((j) => [j.jid, j.name]).sort())
    expect(cluster.taskManagers.length).toBeGreaterThan(0)

    const jid = await jobId('order-service', options.flinkPort)
    const view = await call(router, 'checkpoints.get', { id: 'local', job: 'order-service' })
    expect(view.job.jid).toBe(jid)
    expect(view.config).toMatchObject({
      intervalMs: 5000,
      timeoutMs: 60_000,
      mode: 'exactly_once',
      retention: 'retain on cancellation',
    })
    const history = await flink(`/jobs/${jid}/checkpoints`, rawCheckpoints, options.flinkPort)
    const stored = new Map(view.history.map((r) => [`${r.jobId}/${r.id}`, r]))
    const comparable = history.history.filter(
      (h) => h.status === 'COMPLETED' && h.id <= (view.latest.completed?.id ?? 0),
    )
    expect(comparable.length).toBeGreaterThan(0)
    for (const h of comparable) {
      expect(stored.get(`${jid}/${h.id}`)).toMatchObject({
        durationMs: h.end_to_end_duration,
        stateSize: h.state_size,
        checkpointedSize: h.checkpointed_size,
      })
    }
    expect(view.detectors.length).toBe(9)
    expect(view.detectors.filter((d) => d.firing && d.id === 'restart-loop')).toEqual([])

    const id = view.latest.completed?.id
    if (id === undefined) throw new Error('no completed checkpoint')
    const detail = await call(router, 'checkpoints.detail', { id: 'local', jid, checkpointId: id })
    const rawDetail = await flink(`/jobs/${jid}/checkpoints/details/${id}`, rawDetails, options.flinkPort)
    expect(detail.vertices.map((v) => v.id).sort()).toEqual(Object.keys(rawDetail.tasks).sort())
    for (const v of detail.vertices) expect(v.subtasks).toHaveLength(v.numSubtasks ?? -1)
  })

  it('finds the Kafka topics and consumer group of a Flink 2.2 job from its metrics', async () => {
    const router = core()
    // Flink's metric cache refreshes every 10 s: a fresh job has no source metrics yet.
    const view = await until('job metrics', 90_000, async () => {
      const v = await call(router, 'jobs.detail', { id: 'local', job: 'order-service' })
      return v.restarts !== null && v.kafka.consumerGroups.length > 0 ? v : undefined
    })
    expect(view.kafka).toEqual({
      sourceTopics: ['inventory', 'orders', 'payments', 'shipments'],
      sinkTopics: ['orders', 'payments'],
      consumerGroups: ['order-service'],
    })
    expect(view.timeline.map((t) => t.status)).toContain('RUNNING')
    expect(view.vertices.find((v) => v.name.includes('Kafka source'))?.busyRatio).not.toBeNull()
  })
})
