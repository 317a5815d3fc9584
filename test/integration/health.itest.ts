import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AlertEvent, HealthReport, ProfileHealth, Problem } from '../../src/shared/contract'
import type { Router } from '../../src/main/api/router'
import type { CoreRouter } from '../../src/main/core'
import { ruleFor } from '../../src/main/alerts/default-rules'
import { setFault, type FaultRequest } from '../../src/main/stack/faults'
import { loadStackOptions } from '../../src/main/stack/stack-manager'
import { call, coreFor, stack, until } from './support'

const tmp = mkdtempSync(path.join(os.tmpdir(), 'keytrail-health-itest-'))
const fault = (req: FaultRequest) => {
  const o = loadStackOptions(stack().dir)
  if (!o) throw new Error(`no stack options in ${stack().dir}`)
  return setFault(o, req)
}

const QUIET_MS = Number(process.env.KEYTRAIL_QUIET_MS ?? 300_000)
const loud = (p: Problem) => p.severity !== 'info'

describe('the health model and its alerts on the live stack', () => {
  let router: CoreRouter
  const reports: HealthReport[] = []
  const events: AlertEvent[] = []
  const stops: Array<() => void> = []
  const local = (): ProfileHealth | undefined => reports.at(-1)?.profiles.find((p) => p.id === 'local')
  const sink = <T>(into: T[]) => ({
    event: (e: unknown) => into.push(e as T),
    end: () => undefined,
    error: () => undefined,
  })

  beforeAll(() => {
    router = coreFor(path.join(tmp, 'state'), path.join(tmp, 'config')) as CoreRouter
    const subs = [
      (router as Router).subscribe('health.overview', {}, sink(reports), { transport: 'test' }),
      (router as Router).subscribe('alerts.events', {}, sink(events), { transport: 'test' }),
    ]
    stops.push(...subs.map((s) => () => s.unsubscribe()))
  })
  afterAll(async () => {
    for (const s of stops) s()
    await router.close()
  })

  it(
    `a quiet stack stays quiet: no warning, no critical problem, no alert for ${QUIET_MS / 60_000} min`,
    async () => {
      // Earlier files may have injected faults; the claim is about a healthy stack, so start from one.
      await until('a report without warnings', 300_000, async () => {
        const h = local()
        return h && h.components.kafka.state === 'up' && h.components.flink.state === 'up' && !h.problems.some(loud)
      })
      const from = Date.now()
      const firedBefore = events.filter((e) => e.type === 'fired').length
      const seen = new Map<string, Problem>()
      let checked = 0
      await until(`${QUIET_MS / 1000} s of reports`, QUIET_MS + 60_000, async () => {
        for (const r of reports.filter((x) => x.checkedAt >= from)) {
          for (const p of r.profiles.find((x) => x.id === 'local')?.problems ?? []) if (loud(p)) seen.set(p.key, p)
        }
        checked = reports.filter((x) => x.checkedAt >= from).length
        return Date.now() - from >= QUIET_MS
      })
      expect(checked).toBeGreaterThanOrEqual(Math.floor(QUIET_MS / 10_000) - 2)
      expect([...seen.values()].map((p) => `${p.severity} ${p.summary}`)).toEqual([])
      expect(events.filter((e) => e.type === 'fired').slice(firedBefore)).toEqual([])
    },
    QUIET_MS + 420_000,
  )

  const cases: Array<{
    name: string
    on: FaultRequest
    problem: (p: Problem) => boolean
    rule: string
  }> = [
    // failing-checkpoints, slow-checkpoints, poison and pause-consumer are proved end to end by
    // e2e/browser/oncall.spec.ts (shown within 60 s, paged once, resolved within 90 s, through this
    // same health service); running them here too cost CI six minutes for no further claim.
    // broker-pause stays for what the Overview does not show: health.status answering during the
    // pause, and Flink read while Kafka is frozen. It runs after the quiet case: a frozen broker can
    // leave a sink's transaction hanging until its timeout (10 min on the demo stack).
    {
      name: 'broker-pause',
      on: { fault: 'broker-pause', on: true },
      problem: (p) => p.kind === 'kafka-unreachable' && p.summary.startsWith('Kafka unreachable since'),
      rule: 'unreachable',
    },
  ]

  // KEYTRAIL_HEALTH_CASES=broker-pause runs only those (a local re-run); CI runs every case.
  const only = process.env.KEYTRAIL_HEALTH_CASES?.split(',')
  for (const c of cases.filter((x) => !only || only.includes(x.name))) {
    it(`${c.name}: the problem shows, its alert fires once, and both clear when the fault ends`, async () => {
      await until(
        'no active alert',
        180_000,
        async () => (await call(router, 'alerts.list', { limit: 1 })).active.length === 0,
      )
      const start = Date.now()
      const mark = events.length
      await fault(c.on)
      let problem: Problem | undefined
      let flinkReadDuringFault = 0
      try {
        problem = await until(`${c.name} to show`, 60_000, async () => local()?.problems.find(c.problem))
        const shownAfter = Date.now() - start
        expect(c.rule.split('|')).toContain(ruleFor(problem, 'local', [])?.id)
        const fired = await until(`${c.name}'s alert`, 90_000, async () =>
          events.slice(mark).find((e) => e.type === 'fired' && e.ruleId === ruleFor(problem!, 'local', [])?.id),
        )
        console.log(
          `[health] ${c.name}: shown after ${shownAfter} ms, alert after ${fired.at - start} ms: ${problem.summary}`,
        )
        expect(problem.link).toMatch(/^#\/(connections|jobs|lag)/)
        if (c.name === 'broker-pause') {
          // Flink keeps answering while Kafka is frozen, and its tile keeps being read.
          const before = local()?.components.flink.observedAt ?? 0
          flinkReadDuringFault = await until('a Flink read during the pause', 30_000, async () => {
            const at = local()?.components.flink.observedAt ?? 0
            return at > before ? at : undefined
          })
          expect(local()?.components.flink.state).toBe('up')
          const status = await call(router, 'health.status', { id: 'local' })
          expect(status.profiles[0]?.problems.some(c.problem)).toBe(true)
        }
      } finally {
        await fault({ ...c.on, on: false })
      }
      const off = Date.now()
      const subject = `${problem?.subject.type} ${problem?.subject.name}`
      const rule = problem ? ruleFor(problem, 'local', [])?.id : undefined
      const mine = (e: AlertEvent) => e.ruleId === rule && e.subject === subject
      const resolved = await until(`${c.name}'s alert to resolve`, 90_000, async () =>
        events.slice(mark).find((e) => e.type === 'resolved' && mine(e)),
      )
      console.log(`[health] ${c.name}: resolved ${resolved.at - off} ms after the fault ended`)
      // Once per subject: a fault that hits every job (slow checkpoints) pages once for each.
      expect(events.slice(mark).filter((e) => e.type === 'fired' && mine(e))).toHaveLength(1)
      if (c.name === 'broker-pause') expect(flinkReadDuringFault).toBeGreaterThan(start)
    }, 480_000)
  }
})
