import { describe, expect, it } from 'vitest'
import type { GroupSummary, JobSummary } from '../../shared/contract'
import { componentFindings, flinkFindings, kafkaFindings, lagFindings, sortProblems } from './derive'
import type { KafkaFacts } from './facts'

const T = Date.UTC(2026, 11, 2, 16, 2, 11)

const kafka = (over: Partial<KafkaFacts> = {}): KafkaFacts => ({
  observedAt: T,
  brokers: [1, 2, 3],
  controller: 1,
  topics: 4,
  partitions: 24,
  underReplicated: [],
  offline: [],
  logEndTotal: 1000,
  ...over,
})

const job = (name: string, state: string, startTime: number): JobSummary => ({
  jid: `${name}-${startTime}`.padEnd(32, '0'),
  name,
  state,
  startTime,
  durationMs: null,
  tasksTotal: null,
  tasksRunning: null,
})

const group = (
  name: string,
  status: GroupSummary['verdict']['status'],
  maxLagSeconds: number | null,
): GroupSummary => ({
  group: name,
  state: 'Stable',
  protocol: 'consumer',
  members: 1,
  topics: ['orders'],
  totalLag: 40,
  maxLagSeconds,
  lagSecondsKind: 'exact',
  verdict: { status, reason: `reason of ${status}`, window: 10 },
  flinkJob: null,
  alerts: [],
})

describe('health findings', () => {
  it('names an unreachable component with since when, in UTC, and links to its connection', () => {
    const [f] = componentFindings(
      'prod',
      'kafka',
      { configured: true, state: 'down', since: T, observedAt: T - 60_000, error: 'Connection refused' },
      T + 30_000,
    )
    expect(f?.summary).toBe('Kafka unreachable since 16:02:11 UTC: Connection refused')
    expect(f?.severity).toBe('critical')
    expect(f?.evidence.downForSeconds).toBe(30)
    expect(f?.link).toBe('#/connections?profile=prod')
  })

  it('says nothing of a component that is up, unknown or not configured', () => {
    const up = { configured: true, state: 'up' as const, since: T, observedAt: T }
    expect(componentFindings('p', 'flink', up, T)).toEqual([])
    expect(componentFindings('p', 'flink', { ...up, state: 'unknown', since: null }, T)).toEqual([])
    expect(componentFindings('p', 'flink', { ...up, configured: false, state: 'down' }, T)).toEqual([])
  })

  it('reads missing brokers, offline and under-replicated partitions from metadata', () => {
    const kinds = kafkaFindings('p', kafka({ brokers: [1, 2], offline: ['orders/1'], underReplicated: ['a/0'] }), 3)
    expect(kinds.map((f) => [f.kind, f.severity])).toEqual([
      ['brokers-missing', 'critical'],
      ['offline-partitions', 'critical'],
      ['under-replicated', 'warning'],
    ])
    expect(kinds[0]?.summary).toBe('1 of 3 brokers missing')
    expect(kafkaFindings('p', kafka(), 3)).toEqual([])
  })

  it('judges only the newest job of each name: a job resubmitted after a failure is not failing', () => {
    const jobs = [
      job('order-service', 'FAILED', 1),
      job('order-service', 'RUNNING', 2),
      job('shipping', 'RESTARTING', 3),
    ]
    const found = flinkFindings('p', { observedAt: T, version: '1.20.3', jobs, checkpoints: [] })
    expect(found.map((f) => f.summary)).toEqual(['Job shipping is RESTARTING'])
    expect(found[0]?.link).toBe('#/jobs/shipping?profile=p')
  })

  it('turns each firing checkpoint detector into a problem of its severity, linked to the checkpoints', () => {
    const detectors = [
      {
        id: 'consecutive-failures',
        title: '3 failed in a row',
        firing: true,
        severity: 'critical' as const,
        evidence: 'e',
      },
      { id: 'near-timeout', title: 'near timeout', firing: false, severity: 'warning' as const, evidence: 'e' },
    ]
    const found = flinkFindings('p', {
      observedAt: T,
      version: '1.20.3',
      jobs: [job('order-service', 'RUNNING', 1)],
      checkpoints: [{ jid: 'x', name: 'order-service', detectors }],
    })
    expect(found).toHaveLength(1)
    const growth = { ...detectors[0]!, id: 'state-growth', title: 'State size growing', severity: 'warning' as const }
    const trend = flinkFindings('p', {
      observedAt: T,
      version: '1.20.3',
      jobs: [job('order-service', 'RUNNING', 1)],
      checkpoints: [{ jid: 'x', name: 'order-service', detectors: [growth] }],
    })
    expect(trend.map((f) => f.severity)).toEqual(['info'])
    expect(found[0]).toMatchObject({
      kind: 'checkpoint-consecutive-failures',
      severity: 'critical',
      link: '#/jobs/order-service/checkpoints?profile=p',
    })
  })

  it('maps lag verdicts to severities and warns on a long time lag under an OK verdict', () => {
    const snapshot = {
      sampledAt: T,
      intervalMs: 10_000,
      groups: [group('a', 'OK', 2), group('b', 'WARN', 5), group('c', 'STALL', 50), group('d', 'OK', 900)],
    }
    const found = lagFindings('p', { observedAt: T, snapshot })
    expect(found.map((f) => [f.subject.name, f.kind, f.severity])).toEqual([
      ['b', 'lag-verdict', 'warning'],
      ['c', 'lag-verdict', 'critical'],
      ['d', 'lag-seconds', 'warning'],
    ])
    expect(found[2]?.link).toBe('#/lag/d?profile=p')
  })

  it('sorts critical before warning, then the oldest first', () => {
    const p = (key: string, severity: 'critical' | 'warning', since: number) => ({
      key,
      severity,
      kind: key,
      subject: { type: 'cluster' as const, name: 'k' },
      since,
      summary: key,
      evidence: {},
      observedAt: since,
      stale: false,
      link: '#/',
    })
    const sorted = sortProblems([p('w-old', 'warning', 1), p('c-new', 'critical', 9), p('c-old', 'critical', 2)])
    expect(sorted.map((x) => x.key)).toEqual(['c-old', 'c-new', 'w-old'])
  })
})
