import { describe, expect, it } from 'vitest'
import type { ProfileHealth, Problem } from '../../shared/contract/health'
import { CLEAR_AFTER_MS, acknowledge, dropProfiles, emptyBook, snooze, stepAlerts } from './alert-engine'

const T0 = Date.UTC(2026, 11, 2, 16, 0, 0)

const problem = (kind: string, severity: Problem['severity'], since: number, over: Partial<Problem> = {}): Problem => ({
  key: `${kind}:group:g1`,
  severity,
  kind,
  subject: { type: 'group', name: 'g1' },
  since,
  summary: `${kind} on g1`,
  evidence: {},
  observedAt: since,
  stale: false,
  link: '#/lag/g1?profile=p',
  ...over,
})

const health = (problems: Problem[], id = 'p'): ProfileHealth => ({
  id,
  name: id,
  environment: 'prod',
  color: '#c00',
  checkedAt: T0,
  components: {
    kafka: { configured: true, state: 'up', since: T0, observedAt: T0 },
    flink: { configured: true, state: 'up', since: T0, observedAt: T0 },
    lag: { configured: true, state: 'up', since: T0, observedAt: T0 },
  },
  problems,
  tiles: { kafka: null, flink: null, lag: null },
})

describe('alert engine', () => {
  it('fires a critical lag verdict at once, exactly once while it lasts', () => {
    const book = emptyBook()
    const stall = problem('lag-verdict', 'critical', T0)
    expect(stepAlerts(book, health([stall]), [], T0).map((e) => e.type)).toEqual(['fired'])
    expect(stepAlerts(book, health([stall]), [], T0 + 10_000)).toEqual([])
    expect(stepAlerts(book, health([stall]), [], T0 + 20_000)).toEqual([])
    expect(book.active.size).toBe(1)
  })

  it('does not alert a warning verdict (WARN is shown, STALL/STOP page)', () => {
    const book = emptyBook()
    expect(stepAlerts(book, health([problem('lag-verdict', 'warning', T0)]), [], T0 + 600_000)).toEqual([])
  })

  it('waits for forSeconds: a 10 s Kafka blip never pages, a 20 s outage does', () => {
    const book = emptyBook()
    const down = problem('kafka-unreachable', 'critical', T0, { key: 'kafka-unreachable:component:kafka' })
    expect(stepAlerts(book, health([down]), [], T0 + 10_000)).toEqual([])
    expect(stepAlerts(book, health([]), [], T0 + 15_000)).toEqual([])
    const again = { ...down, since: T0 + 30_000 }
    expect(stepAlerts(book, health([again]), [], T0 + 40_000)).toEqual([])
    expect(stepAlerts(book, health([again]), [], T0 + 50_000).map((e) => e.type)).toEqual(['fired'])
  })

  it('pages a subject once per rule when two of its kinds hold, and resolves when both are gone', () => {
    const book = emptyBook()
    const job = { subject: { type: 'job' as const, name: 'order-service' } }
    const failing = problem('checkpoint-consecutive-failures', 'warning', T0, { ...job, key: 'cf:job:order-service' })
    const none = problem('checkpoint-no-recent-checkpoint', 'critical', T0 + 20_000, {
      ...job,
      key: 'nr:job:order-service',
    })
    expect(stepAlerts(book, health([failing]), [], T0).map((e) => e.type)).toEqual(['fired'])
    expect(stepAlerts(book, health([failing, none]), [], T0 + 20_000)).toEqual([])
    // The page follows the worst of its problems.
    expect([...book.active.values()][0]?.problem.kind).toBe('checkpoint-no-recent-checkpoint')
    expect(stepAlerts(book, health([none]), [], T0 + 30_000 + CLEAR_AFTER_MS)).toEqual([])
    const end = T0 + 40_000 + CLEAR_AFTER_MS
    expect(stepAlerts(book, health([]), [], end)).toEqual([])
    expect(stepAlerts(book, health([]), [], end + CLEAR_AFTER_MS).map((e) => e.type)).toEqual(['resolved'])
  })

  it('pages a flapping condition once and resolves it only after it stays gone', () => {
    const book = emptyBook()
    const p = problem('lag-verdict', 'critical', T0)
    stepAlerts(book, health([p]), [], T0)
    const flaps = [false, true, false, true, false].flatMap((present, i) =>
      stepAlerts(book, health(present ? [p] : []), [], T0 + (i + 1) * 10_000),
    )
    expect(flaps).toEqual([])
    const last = T0 + 40_000
    expect(stepAlerts(book, health([]), [], last + CLEAR_AFTER_MS - 1)).toEqual([])
    expect(stepAlerts(book, health([]), [], last + CLEAR_AFTER_MS).map((e) => e.type)).toEqual(['resolved'])
  })

  it('raises no new alert from stale evidence, but keeps an existing one alive', () => {
    const book = emptyBook()
    const stale = problem('lag-verdict', 'critical', T0, { stale: true })
    expect(stepAlerts(book, health([stale]), [], T0)).toEqual([])
    stepAlerts(book, health([{ ...stale, stale: false }]), [], T0)
    expect(stepAlerts(book, health([stale]), [], T0 + CLEAR_AFTER_MS * 2)).toEqual([])
    expect(book.active.size).toBe(1)
  })

  it('honours per-profile and per-subject overrides', () => {
    const p = problem('lag-verdict', 'critical', T0)
    const off = [{ profileId: 'p', ruleId: 'lag-verdict', enabled: false }]
    expect(stepAlerts(emptyBook(), health([p]), off, T0)).toEqual([])
    const onForG1 = [...off, { profileId: 'p', ruleId: 'lag-verdict', subject: 'g1', enabled: true }]
    expect(stepAlerts(emptyBook(), health([p]), onForG1, T0)).toHaveLength(1)
    const otherProfile = [{ profileId: 'q', ruleId: 'lag-verdict', enabled: false }]
    expect(stepAlerts(emptyBook(), health([p]), otherProfile, T0)).toHaveLength(1)
  })

  it('acknowledges and snoozes; a timed snooze ends by itself', () => {
    const book = emptyBook()
    const p = problem('lag-verdict', 'critical', T0)
    const [fired] = stepAlerts(book, health([p]), [], T0)
    const key = fired?.key ?? ''
    expect(snooze(book, key, 15 * 60_000, T0)?.type).toBe('snoozed')
    stepAlerts(book, health([p]), [], T0 + 15 * 60_000)
    expect(book.active.get(key)?.state).toBe('firing')
    expect(acknowledge(book, key, T0)?.type).toBe('acknowledged')
    expect(acknowledge(book, key, T0)).toBeUndefined()
    expect(acknowledge(book, 'nope', T0)).toBeUndefined()
  })

  it('resolves the alerts of a removed profile', () => {
    const book = emptyBook()
    stepAlerts(book, health([problem('lag-verdict', 'critical', T0)], 'gone'), [], T0)
    expect(dropProfiles(book, new Set(['p']), T0).map((e) => e.type)).toEqual(['resolved'])
    expect(book.active.size).toBe(0)
  })
})
