import type { AlertOverride, AlertRuleDef } from '../../shared/contract/alerts'
import type { Problem } from '../../shared/contract/health'

/** Rules every profile has without setup: the pages an on-call engineer wants. */
export const DEFAULT_RULES: AlertRuleDef[] = [
  {
    id: 'unreachable',
    title: 'Kafka or Flink unreachable',
    kinds: ['kafka-unreachable', 'flink-unreachable'],
    severities: ['critical'],
    forSeconds: 20,
    enabled: true,
  },
  {
    id: 'kafka-partitions',
    title: 'Offline partitions or missing brokers',
    kinds: ['offline-partitions', 'brokers-missing', 'no-controller'],
    severities: ['critical'],
    forSeconds: 0,
    enabled: true,
  },
  {
    id: 'job-not-running',
    title: 'Flink job failed or restarting',
    kinds: ['job-not-running', 'job-restarting'],
    severities: ['critical', 'warning'],
    forSeconds: 0,
    enabled: true,
  },
  {
    id: 'checkpoints',
    title: 'Checkpoints failing in a row or none for 3 intervals',
    kinds: ['checkpoint-consecutive-failures', 'checkpoint-no-recent-checkpoint'],
    severities: ['critical', 'warning'],
    forSeconds: 0,
    enabled: true,
  },
  {
    id: 'checkpoints-slow',
    title: 'Checkpoints slower than their interval',
    kinds: ['checkpoint-slow'],
    severities: ['warning', 'critical'],
    forSeconds: 0,
    enabled: true,
  },
  {
    id: 'order-stuck',
    title: 'A watched order is stuck',
    kinds: ['order-stuck'],
    severities: ['warning', 'critical'],
    forSeconds: 0,
    enabled: true,
  },
  {
    id: 'lag-verdict',
    title: 'Consumer group stalled or stopped',
    kinds: ['lag-verdict'],
    severities: ['critical'],
    forSeconds: 0,
    enabled: true,
  },
  {
    id: 'lag-seconds',
    title: 'Time lag over its threshold',
    kinds: ['lag-seconds', 'lag-rule'],
    severities: ['warning', 'critical'],
    forSeconds: 60,
    enabled: true,
  },
]

/** The rule that governs a problem of a profile, with that profile's and subject's overrides applied. */
export function ruleFor(problem: Problem, profileId: string, overrides: AlertOverride[]): AlertRuleDef | undefined {
  const base = DEFAULT_RULES.find((r) => r.kinds.includes(problem.kind) && r.severities.includes(problem.severity))
  if (!base) return undefined
  const applies = overrides.filter(
    (o) => o.profileId === profileId && o.ruleId === base.id && (!o.subject || o.subject === problem.subject.name),
  )
  // A subject's override wins over the profile's.
  applies.sort((a, b) => Number(Boolean(a.subject)) - Number(Boolean(b.subject)))
  return applies.reduce<AlertRuleDef>(
    (r, o) => ({ ...r, enabled: o.enabled ?? r.enabled, forSeconds: o.forSeconds ?? r.forSeconds }),
    base,
  )
}
