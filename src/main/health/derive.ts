import type { ComponentName, ComponentState, Problem, Severity } from '../../shared/contract/health'
import { linkTo } from '../../shared/links'
import { currentJobs, type FlinkFacts, type KafkaFacts, type LagFacts } from './facts'

/** A problem before the service gives it its "since" and staleness. */
export type Finding = Omit<Problem, 'since' | 'stale'>

/** Time lag (seconds) over which a group is a warning even while its verdict is OK. */
export const DEFAULT_LAG_SECONDS_WARNING = 300

const FAILED_STATES = new Set(['FAILED', 'FAILING'])
/**
 * Checkpoint detectors that describe a trend to plan for, not an incident: state that grows with the
 * number of live entities is what keyed state does, and a restart that was followed by a completed
 * checkpoint recovered (a loop is `restart-loop`); so they are shown, never paged.
 */
export const TREND_DETECTORS = new Set(['state-growth', 'recent-restarts'])
/** Detectors reported as the job's own problem (`job-restarting`), not as a checkpoint one. */
const JOB_DETECTORS = new Set(['restart-loop'])
const utc = (t: number) => new Date(t).toISOString().slice(11, 19)

export function finding(
  profileId: string,
  f: Omit<Finding, 'key' | 'link'> & { link: Parameters<typeof linkTo>[1] },
): Finding {
  return { ...f, key: `${f.kind}:${f.subject.type}:${f.subject.name}`, link: linkTo(profileId, f.link) }
}

const componentLabel: Record<ComponentName, string> = { kafka: 'Kafka', flink: 'Flink REST', lag: 'Lag sampling' }

/** A configured component whose last read failed. */
export function componentFindings(
  profileId: string,
  name: ComponentName,
  state: ComponentState,
  now: number,
): Finding[] {
  if (!state.configured || state.state !== 'down' || state.since === null) return []
  return [
    finding(profileId, {
      severity: name === 'lag' ? 'warning' : 'critical',
      kind: `${name}-unreachable`,
      subject: { type: 'component', name },
      summary: `${componentLabel[name]} unreachable since ${utc(state.since)} UTC${state.error ? `: ${state.error}` : ''}`,
      evidence: {
        error: state.error ?? null,
        lastAnswerAt: state.observedAt,
        downForSeconds: Math.round((now - state.since) / 1000),
      },
      observedAt: now,
      link: { view: 'connections' },
    }),
  ]
}

export function kafkaFindings(profileId: string, k: KafkaFacts, expectedBrokers: number): Finding[] {
  const out: Finding[] = []
  const cluster = { type: 'cluster' as const, name: 'kafka' }
  const base = { observedAt: k.observedAt, link: { view: 'connections' as const } }
  if (k.brokers.length < expectedBrokers) {
    out.push(
      finding(profileId, {
        ...base,
        severity: 'critical',
        kind: 'brokers-missing',
        subject: cluster,
        summary: `${expectedBrokers - k.brokers.length} of ${expectedBrokers} brokers missing`,
        evidence: { alive: k.brokers.length, expected: expectedBrokers, aliveIds: k.brokers.join(',') },
      }),
    )
  }
  if (k.controller === null && k.brokers.length > 0) {
    out.push(
      finding(profileId, {
        ...base,
        severity: 'critical',
        kind: 'no-controller',
        subject: cluster,
        summary: 'No active controller',
        evidence: { brokers: k.brokers.length },
      }),
    )
  }
  const list = (ps: string[]) => ps.slice(0, 5).join(', ') + (ps.length > 5 ? ` and ${ps.length - 5} more` : '')
  if (k.offline.length > 0) {
    out.push(
      finding(profileId, {
        ...base,
        severity: 'critical',
        kind: 'offline-partitions',
        subject: cluster,
        summary: `${k.offline.length} offline partition(s): ${list(k.offline)}`,
        evidence: { offline: k.offline.length, partitions: k.partitions, first: k.offline[0] ?? null },
      }),
    )
  }
  if (k.underReplicated.length > 0) {
    out.push(
      finding(profileId, {
        ...base,
        severity: 'warning',
        kind: 'under-replicated',
        subject: cluster,
        summary: `${k.underReplicated.length} under-replicated partition(s): ${list(k.underReplicated)}`,
        evidence: { underReplicated: k.underReplicated.length, partitions: k.partitions },
      }),
    )
  }
  return out
}

/** A job that fails or keeps restarting; a restart loop and the RESTARTING state are one problem. */
function jobFinding(profileId: string, f: FlinkFacts, job: FlinkFacts['jobs'][number]): Finding | undefined {
  const loop = f.checkpoints.find((c) => c.jid === job.jid)?.detectors.find((d) => d.id === 'restart-loop' && d.firing)
  const failed = FAILED_STATES.has(job.state)
  if (!failed && job.state !== 'RESTARTING' && !loop) return undefined
  return finding(profileId, {
    severity: 'critical',
    kind: failed ? 'job-not-running' : 'job-restarting',
    subject: { type: 'job', name: job.name },
    summary: failed
      ? `Job ${job.name} is ${job.state}`
      : loop
        ? `${job.name} keeps restarting: ${loop.evidence}`
        : `Job ${job.name} is RESTARTING`,
    evidence: { state: job.state, jid: job.jid, ...(loop ? { detail: loop.evidence } : {}) },
    observedAt: f.observedAt,
    link: { view: 'jobs', job: job.name },
  })
}

export function flinkFindings(profileId: string, f: FlinkFacts): Finding[] {
  const out: Finding[] = []
  for (const job of currentJobs(f.jobs)) {
    const found = jobFinding(profileId, f, job)
    if (found) out.push(found)
  }
  for (const job of f.checkpoints) {
    for (const d of job.detectors) {
      if (!d.firing || JOB_DETECTORS.has(d.id)) continue
      out.push(
        finding(profileId, {
          severity: TREND_DETECTORS.has(d.id) ? 'info' : d.severity,
          kind: `checkpoint-${d.id}`,
          subject: { type: 'job', name: job.name },
          summary: `${job.name}: ${d.title} (${d.evidence})`,
          evidence: { detector: d.id, detail: d.evidence, jid: job.jid },
          observedAt: f.observedAt,
          link: { view: 'jobs', job: job.name, checkpoints: true },
        }),
      )
    }
  }
  return out
}

const verdictSeverity: Record<string, Severity | null> = {
  OK: null,
  WARN: 'warning',
  REWIND: 'warning',
  STALL: 'critical',
  STOP: 'critical',
}

export function lagFindings(
  profileId: string,
  l: LagFacts,
  lagSecondsWarning = DEFAULT_LAG_SECONDS_WARNING,
): Finding[] {
  const out: Finding[] = []
  for (const g of l.snapshot.groups) {
    const subject = { type: 'group' as const, name: g.group }
    const evidence = {
      lag: g.totalLag,
      lagSeconds: g.maxLagSeconds,
      lagSecondsKind: g.lagSecondsKind,
      verdict: g.verdict.status,
      flinkJob: g.flinkJob,
    }
    const severity = verdictSeverity[g.verdict.status] ?? null
    if (severity) {
      out.push(
        finding(profileId, {
          severity,
          kind: 'lag-verdict',
          subject,
          summary: `${g.group} ${g.verdict.status}: ${g.verdict.reason}`,
          evidence,
          observedAt: l.snapshot.sampledAt,
          link: { view: 'lag', group: g.group },
        }),
      )
    } else if (g.alerts.length > 0) {
      // The group's own alert rules (set on the Lag page) fire.
      out.push(
        finding(profileId, {
          severity: 'warning',
          kind: 'lag-rule',
          subject,
          summary: `${g.group}: ${g.alerts.join('; ')}`,
          evidence,
          observedAt: l.snapshot.sampledAt,
          link: { view: 'lag', group: g.group },
        }),
      )
    } else if (g.maxLagSeconds !== null && g.maxLagSeconds > lagSecondsWarning) {
      out.push(
        finding(profileId, {
          severity: 'warning',
          kind: 'lag-seconds',
          subject,
          summary: `${g.group} is ${Math.round(g.maxLagSeconds)} s behind (over ${lagSecondsWarning} s)`,
          evidence,
          observedAt: l.snapshot.sampledAt,
          link: { view: 'lag', group: g.group },
        }),
      )
    }
  }
  return out
}

const rank: Record<Severity, number> = { critical: 0, warning: 1, info: 2 }

/** Most severe first, then oldest first: what has been wrong longest at the top of its tier. */
export function sortProblems(ps: Problem[]): Problem[] {
  return [...ps].sort((a, b) => rank[a.severity] - rank[b.severity] || a.since - b.since || (a.key < b.key ? -1 : 1))
}
