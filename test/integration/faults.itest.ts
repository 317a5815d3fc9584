import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { testConnection } from '../../src/main/profiles/connection-test'
import { FileSecretStore } from '../../src/main/profiles/secret-store'
import { setFault, type FaultRequest } from '../../src/main/stack/faults'
import { commandLine, threadStates } from '../../src/main/stack/processes'
import { stackPaths } from '../../src/main/stack/stack-config'
import { loadStackOptions, stackStatus } from '../../src/main/stack/stack-manager'
import { localProfile } from '../../src/main/profiles/profile-store'
import { call, committedTotal, coreFor, flink, jobId, stack, tail, until, withAdmin } from './support'

const tmp = mkdtempSync(path.join(os.tmpdir(), 'keytrail-faults-itest-'))
const options = () => {
  const o = loadStackOptions(stack().dir)
  if (!o) throw new Error(`no stack options in ${stack().dir}`)
  return o
}
const fault = (req: FaultRequest) => setFault(options(), req)

const historyEntry = z.looseObject({
  id: z.number(),
  status: z.string(),
  end_to_end_duration: z.number(),
  failure_message: z.string().nullish(),
})
const checkpoints = z.looseObject({
  counts: z.looseObject({ completed: z.number(), failed: z.number() }),
  latest: z.looseObject({ completed: historyEntry.nullish(), failed: historyEntry.nullish() }),
  history: z.array(historyEntry),
})
const metric = z.array(z.object({ id: z.string(), value: z.string() }))
const exceptions = z.looseObject({
  exceptionHistory: z.looseObject({
    entries: z.array(z.looseObject({ exceptionName: z.string(), stacktrace: z.string() })),
  }),
})

async function endOffsetTotal(topic: string): Promise<number> {
  return withAdmin(async (a) => (await a.fetchTopicOffsets(topic)).reduce((s, p) => s + Number(p.high), 0))
}

async function restarts(jid: string): Promise<number> {
  const m = await flink(`/jobs/${jid}/metrics?get=numRestarts`, metric)
  return Number(m[0]?.value ?? 0)
}

describe('fault switches change what Kafka and Flink really report', () => {
  afterAll(async () => {
    for (const f of ['slow-checkpoints', 'failing-checkpoints', 'poison', 'stuck-orders', 'broker-pause'] as const)
      await fault({ fault: f, on: false }).catch(() => undefined)
    await fault({ fault: 'pause-consumer', on: false, job: 'shipping-service' }).catch(() => undefined)
  })

  it('pause-consumer: the group stops committing while the topic grows; off, it commits again', async () => {
    await fault({ fault: 'pause-consumer', on: true, job: 'shipping-service' })
    try {
      // A checkpoint in flight when the switch went on still commits what was read before it.
      let prev = -1
      const c1 = await until(
        'the committed offsets to stop moving',
        60_000,
        async () => {
          const c = await committedTotal('shipping-service', ['orders'])
          const settled = c === prev
          prev = c
          return settled ? c : undefined
        },
        6000,
      )
      const end1 = await endOffsetTotal('orders')
      await new Promise((r) => setTimeout(r, 15_000)) // the observation window
      const c2 = await committedTotal('shipping-service', ['orders'])
      const end2 = await endOffsetTotal('orders')
      expect(c2).toBe(c1)
      expect(end2 - c2).toBeGreaterThan(end1 - c1) // lag grows
    } finally {
      await fault({ fault: 'pause-consumer', on: false, job: 'shipping-service' })
    }
    const stuckAt = await committedTotal('shipping-service', ['orders'])
    await until(
      'shipping-service to commit again',
      90_000,
      async () => (await committedTotal('shipping-service', ['orders'])) > stuckAt,
    )
  })

  it('slow-checkpoints: checkpoint durations rise; off, they fall back', async () => {
    const jid = await jobId('inventory-service')
    await fault({ fault: 'slow-checkpoints', on: true })
    try {
      const slow = await until('a checkpoint slower than 3 s', 90_000, async () => {
        const c = await flink(`/jobs/${jid}/checkpoints`, checkpoints)
        return c.history.find((h) => h.status === 'COMPLETED' && h.end_to_end_duration >= 3000)
      })
      expect(slow.end_to_end_duration).toBeGreaterThanOrEqual(3000)
    } finally {
      await fault({ fault: 'slow-checkpoints', on: false })
    }
    await until('a fast checkpoint again', 120_000, async () => {
      const c = await flink(`/jobs/${jid}/checkpoints`, checkpoints)
      return c.latest.completed && c.latest.completed.end_to_end_duration < 2500 && c.history[0]?.status === 'COMPLETED'
    })
  })

  it("failing-checkpoints: checkpoints fail with Flink's message while the job keeps running; off, they complete again", async () => {
    const jid = await jobId('inventory-service')
    const before = await flink(`/jobs/${jid}/checkpoints`, checkpoints)
    const restartsBefore = await restarts(jid)
    await fault({ fault: 'failing-checkpoints', on: true })
    let failed: z.infer<typeof checkpoints>
    try {
      failed = await until('a failed checkpoint', 60_000, async () => {
        const c = await flink(`/jobs/${jid}/checkpoints`, checkpoints)
        return c.counts.failed > before.counts.failed ? c : undefined
      })
    } finally {
      await fault({ fault: 'failing-checkpoints', on: false })
    }
    expect(failed.latest.failed?.failure_message ?? '').not.toBe('')
    console.log(`[faults] failed checkpoint message: ${failed.latest.failed?.failure_message}`)
    // The task survives: the checkpoint failed, the job did not restart.
    expect(await restarts(jid)).toBe(restartsBefore)
    const failedCount = failed.counts.completed
    await until('a completed checkpoint after the failures', 60_000, async () => {
      const c = await flink(`/jobs/${jid}/checkpoints`, checkpoints)
      return c.counts.completed > failedCount
    })
  })

  it('poison: order-service restarts with the poison exception; off, it runs steadily', async () => {
    const jid = await jobId('order-service')
    const before = await restarts(jid)
    await fault({ fault: 'poison', on: true })
    try {
      await until('order-service to restart', 90_000, async () => (await restarts(jid)) > before)
      const ex = await until('the poison exception', 30_000, async () => {
        const e = await flink(`/jobs/${jid}/exceptions`, exceptions)
        return e.exceptionHistory.entries.find((x) => x.stacktrace.includes('Poison event'))
      })
      expect(ex.exceptionName).toContain('IllegalStateException')
      // The console shows the same: restarts, the root exception first, the recent-restarts detector.
      const console = coreFor(path.join(tmp, 'state'), path.join(tmp, 'config'))
      const detail = await call(console, 'jobs.detail', { id: 'local', job: 'order-service' })
      expect(detail.restarts).toBeGreaterThan(0)
      expect(detail.exceptions[0]?.message).toContain('Poison event')
      const checkpoints = await call(console, 'checkpoints.get', { id: 'local', job: 'order-service' })
      expect(checkpoints.detectors.find((d) => d.id === 'recent-restarts')?.firing).toBe(true)
    } finally {
      await fault({ fault: 'poison', on: false })
    }
    const lastBefore = (await flink(`/jobs/${jid}/checkpoints`, checkpoints)).history[0]?.id ?? 0
    await until('order-service RUNNING with a checkpoint completed after the switch went off', 120_000, async () => {
      const job = await flink(`/jobs/${jid}`, z.looseObject({ state: z.string() }))
      const c = await flink(`/jobs/${jid}/checkpoints`, checkpoints)
      return job.state === 'RUNNING' && (c.latest.completed?.id ?? 0) > lastBefore
    })
    const settled = await restarts(jid)
    await new Promise((r) => setTimeout(r, 15_000))
    expect(await restarts(jid)).toBe(settled)
  })

  it('stuck-orders: new orders get no payment answer; off, new orders are paid again', async () => {
    const t = await tail(['orders', 'payments'])
    try {
      await fault({ fault: 'stuck-orders', on: true })
      const onAt = Date.now()
      const created = () =>
        t.records
          .filter(
            (r) =>
              r.topic === 'orders' &&
              r.headers['event-type'] === 'OrderCreated' &&
              // setFault returns once the generator has taken the switch: every later order is held.
              Number(new Date(JSON.parse(r.value ?? '{}').occurredAt as string)) > onAt,
          )
          .map((r) => r.key ?? '')
      await until('orders created after the switch', 30_000, async () => created().length >= 5)
      const stuck = created().slice(0, 5)
      await until('payment requests for them', 60_000, async () =>
        stuck.every((id) =>
          t.records.some(
            (r) => r.headers['event-type'] === 'PaymentRequested' && JSON.parse(r.value ?? '{}').orderId === id,
          ),
        ),
      )
      await new Promise((r) => setTimeout(r, 10_000))
      const answered = t.records.filter(
        (r) =>
          ['PaymentReceived', 'PaymentFailed'].includes(r.headers['event-type'] ?? '') &&
          stuck.includes(JSON.parse(r.value ?? '{}').orderId),
      )
      expect(answered).toEqual([])
      await fault({ fault: 'stuck-orders', on: false })
      const offAt = Date.now()
      await until('a payment for an order created after the switch went off', 60_000, async () => {
        const fresh = new Set(
          t.records
            .filter(
              (r) =>
                r.headers['event-type'] === 'OrderCreated' &&
                Number(new Date(JSON.parse(r.value ?? '{}').occurredAt as string)) > offAt,
            )
            .map((r) => r.key),
        )
        return t.records.some(
          (r) => r.headers['event-type'] === 'PaymentReceived' && fresh.has(JSON.parse(r.value ?? '{}').orderId),
        )
      })
    } finally {
      await fault({ fault: 'stuck-orders', on: false })
      await t.stop()
    }
  })

  it('broker-pause: Kafka stops answering; off, it answers again and the jobs recover', async () => {
    const profile = {
      ...localProfile({
        KEYTRAIL_STACK_KAFKA_PORT: String(stack().kafkaPort),
        KEYTRAIL_STACK_FLINK_PORT: String(stack().flinkPort),
      }),
    }
    profile.kafka = { ...profile.kafka, connectionTimeoutMs: 1000, requestTimeoutMs: 2000 }
    const secrets = new FileSecretStore('/nonexistent/secrets.json', undefined, {})
    const paused = await fault({ fault: 'broker-pause', on: true })
    try {
      const report = await testConnection(profile, secrets)
      const pid = Number(readFileSync(path.join(stackPaths(options()).run, 'kafka.pid'), 'utf8'))
      // Says, if a broker answers, which one and what the paused process was doing.
      const seen = `${paused}; answered ${JSON.stringify(report.kafka)}; pid ${pid} threads ${threadStates(pid).join('')} (${commandLine(pid).slice(-60)})`
      expect(report.kafka.reachable, seen).toBe(false)
      const kafka = (await stackStatus(options())).components.find((c) => c.name === 'kafka')
      expect(kafka?.detail).toContain('paused')
    } finally {
      await fault({ fault: 'broker-pause', on: false })
    }
    const resumedAt = Date.now()
    const back = await until('Kafka to answer again', 60_000, async () => {
      const r = await testConnection(profile, secrets)
      return r.kafka.reachable ? r : undefined
    })
    expect(back.kafka.brokerCount).toBe(1)
    await until('all jobs RUNNING after the pause', 180_000, async () => {
      const s = await stackStatus(options())
      return s.jobs.filter((j) => j.state === 'RUNNING').length === 3
    })
    // The freeze can leave a sink's transaction hanging: a sweep asks the broker for them after the resume.
    const log = path.join(stackPaths(options()).logs, 'transactions.log')
    const swept = await until('a hanging-transaction sweep after the resume', 90_000, async () => {
      const lines = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []
      return lines.find((l) => Date.parse(l.split(' ')[0] ?? '') >= resumedAt - 1000 && /swept|aborted/.test(l))
    })
    console.log(`[faults] ${swept}`)
    expect(swept).toMatch(/swept: no hanging transaction|aborted \d+ hanging transaction/)
  })
})
