import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AlertEvent, HealthReport, Problem } from '../../src/shared/contract'
import type { Router } from '../../src/main/api/router'
import type { CoreRouter } from '../../src/main/core'
import { setFault, type FaultRequest } from '../../src/main/stack/faults'
import { loadStackOptions } from '../../src/main/stack/stack-manager'
import { call, coreFor, stack, until } from './support'

const tmp = mkdtempSync(path.join(os.tmpdir(), 'keytrail-watch-itest-'))
const fault = (req: FaultRequest) => {
  const o = loadStackOptions(stack().dir)
  if (!o) throw new Error(`no stack options in ${stack().dir}`)
  return setFault(o, req)
}
/** The demo flow allows a minute between PaymentRequested and PaymentReceived. */
const PAYMENT_WITHIN_MS = 60_000

describe('a watched order on the live stack (stuck-orders)', () => {
  let router: CoreRouter
  const reports: HealthReport[] = []
  const events: AlertEvent[] = []
  const stops: Array<{ unsubscribe(): void }> = []
  const sink = <T>(into: T[]) => ({ event: (e: unknown) => into.push(e as T), end: () => {}, error: () => {} })
  const problems = (): Problem[] => reports.at(-1)?.profiles.find((p) => p.id === 'local')?.problems ?? []

  beforeAll(() => {
    router = coreFor(path.join(tmp, 'state'), path.join(tmp, 'config')) as CoreRouter
    stops.push((router as Router).subscribe('health.overview', {}, sink(reports), { transport: 'test' }))
    stops.push((router as Router).subscribe('alerts.events', {}, sink(events), { transport: 'test' }))
  })
  afterAll(async () => {
    for (const s of stops) s.unsubscribe()
    await router.close()
  })

  it('rejects what is not an id', async () => {
    const res = await router.call('watch.set', { id: 'local', entityId: 'ord 1\n', on: true }, { transport: 'test' })
    expect(res.ok).toBe(false)
    if (!res.ok) expect(res.error.code).toBe('INVALID_INPUT')
  })

  it('a pinned stuck order raises an order problem, alerts once, and resolves when its story completes', async () => {
    const on = Date.now()
    await fault({ fault: 'stuck-orders', on: true })
    let entityId = ''
    try {
      // Orders created a few seconds after the switch: the generator holds back their payment. A few
      // of them, since a busy generator may see the switch late.
      const hits = await until('orders created while stuck-orders is on', 60_000, async () => {
        const found = await call(router, 'trace.find', { id: 'local', type: 'OrderCreated', last: '1m', limit: 1000 })
        const late = found.hits.filter((h) => h.topic === 'orders' && h.timestamp > on + 5000 && h.entityId)
        return late.length >= 3 ? late.slice(0, 3) : undefined
      })
      for (const h of hits) await call(router, 'watch.set', { id: 'local', entityId: h.entityId ?? '', on: true })
      const { watches } = await call(router, 'watch.list', { id: 'local' })
      expect(watches.map((w) => w.entityId).sort()).toEqual(hits.map((h) => h.entityId).sort())
      const pinned = new Set(hits.map((h) => h.entityId))
      const mine = (p: Problem) => p.kind === 'order-stuck' && p.subject.type === 'order' && pinned.has(p.subject.name)
      const problem = await until('an order problem', PAYMENT_WITHIN_MS + 90_000, async () => problems().find(mine))
      entityId = problem.subject.name
      // Its PaymentRequested follows its creation within a second or so: overdue a minute later.
      const overdue = (hits.find((h) => h.entityId === entityId)?.timestamp ?? 0) + PAYMENT_WITHIN_MS
      console.log(`[watch] ${entityId}: shown ${Date.now() - overdue} ms after it became overdue: ${problem.summary}`)
      expect(Date.now() - overdue).toBeLessThan(60_000)
      expect(problem.summary).toMatch(/Stuck at PaymentRequested/)
      expect(problem.link).toBe(`#/trace/${entityId}?profile=local`)
      const status = await call(router, 'health.status', { id: 'local' })
      expect(status.profiles[0]?.problems.some(mine)).toBe(true)
      await until('its alert', 30_000, async () =>
        events.find((e) => e.type === 'fired' && e.ruleId === 'order-stuck' && e.subject === `order ${entityId}`),
      )
    } finally {
      await fault({ fault: 'stuck-orders', on: false })
    }
    const off = Date.now()
    const resolved = await until('the order alert to resolve', 90_000, async () =>
      events.find((e) => e.type === 'resolved' && e.ruleId === 'order-stuck' && e.subject === `order ${entityId}`),
    )
    console.log(`[watch] ${entityId}: resolved ${resolved.at - off} ms after the fault ended`)
    const fired = events.filter((e) => e.type === 'fired' && e.subject === `order ${entityId}`)
    expect(fired).toHaveLength(1)
    // The story completed: the watch ended by itself.
    expect((await call(router, 'watch.list', { id: 'local' })).watches.map((w) => w.entityId)).not.toContain(entityId)
  }, 420_000)
})
