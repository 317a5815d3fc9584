import type { TraceEvent, TraceFinding, TraceFlow, TraceVerdict } from '../../shared/contract/trace'
import { fmtMs } from '../../shared/format'

const ref = (e: TraceEvent) => `${e.topic}/${e.partition}@${e.offset}`
/** Producer clocks further apart than this are reported as skew. */
const SKEW_MS = 1000
/** A story of thousands of events can break a rule thousands of times: the verdict keeps the first. */
export const FINDINGS_PER_KIND = 50
const EVENTS_PER_FINDING = 100

/** At most FINDINGS_PER_KIND findings of each kind, the rest counted in one more; event lists bounded too. */
export function capFindings(all: TraceFinding[]): TraceFinding[] {
  const kept: TraceFinding[] = []
  const dropped = new Map<TraceFinding['kind'], { n: number; severity: TraceFinding['severity'] }>()
  const seen = new Map<TraceFinding['kind'], number>()
  for (const f of all) {
    const n = (seen.get(f.kind) ?? 0) + 1
    seen.set(f.kind, n)
    if (n <= FINDINGS_PER_KIND) {
      kept.push(f.events.length > EVENTS_PER_FINDING ? { ...f, events: f.events.slice(0, EVENTS_PER_FINDING) } : f)
    } else dropped.set(f.kind, { n: (dropped.get(f.kind)?.n ?? 0) + 1, severity: f.severity })
  }
  for (const [kind, { n, severity }] of dropped) {
    kept.push({ kind, severity, message: `…and ${n} more ${kind} finding(s) not listed`, events: [], omitted: n })
  }
  return kept
}

function findings(events: TraceEvent[], flow: TraceFlow | undefined): TraceFinding[] {
  const live = events.filter((e) => !e.aborted)
  const out = [...duplicateFindings(live), ...causalityFindings(live), ...(flow ? flowFindings(live, flow) : [])]
  const raw = events.filter((e) => e.decodeError)
  if (raw.length) {
    out.push({
      kind: 'undecodable',
      severity: 'info',
      message: `${raw.length} event(s) shown raw: ${raw[0]!.decodeError}`,
      events: raw.map(ref),
    })
  }
  return capFindings(out)
}

/** One event id written more than once: an exactly-once breach. */
function duplicateFindings(live: TraceEvent[]): TraceFinding[] {
  const out: TraceFinding[] = []
  const byEventId = new Map<string, TraceEvent[]>()
  for (const e of live) if (e.eventId) byEventId.set(e.eventId, [...(byEventId.get(e.eventId) ?? []), e])
  for (const [id, list] of byEventId) {
    if (list.length > 1) {
      out.push({
        kind: 'duplicate',
        severity: 'error',
        message: `${list[0]!.type ?? 'event'} ${id} was written ${list.length} times: an exactly-once breach`,
        events: list.map(ref),
      })
    }
  }
  return out
}

/** An event stamped (or said to occur) before the event that caused it. */
function causalityFindings(live: TraceEvent[]): TraceFinding[] {
  const out: TraceFinding[] = []
  const byId = new Map(live.filter((e) => e.eventId).map((e) => [e.eventId!, e]))
  for (const e of live) {
    const cause = e.causationId ? byId.get(e.causationId) : undefined
    if (!cause) continue
    if (e.timestamp < cause.timestamp) {
      out.push({
        kind: 'out-of-order',
        severity: 'warn',
        message: `${e.type ?? 'event'} is stamped ${fmtMs(cause.timestamp - e.timestamp)} before ${cause.type ?? 'its cause'}, which caused it`,
        events: [ref(cause), ref(e)],
      })
    }
    if (e.occurredAt !== undefined && cause.occurredAt !== undefined && e.occurredAt + SKEW_MS < cause.occurredAt) {
      out.push({
        kind: 'clock-skew',
        severity: 'warn',
        message: `${e.type ?? 'event'} (on ${e.topic}) occurred ${fmtMs(cause.occurredAt - e.occurredAt)} before its cause ${cause.type ?? ''} (on ${cause.topic}): the producers' clocks disagree`,
        events: [ref(cause), ref(e)],
      })
    }
  }
  return out
}

/** Events after the terminal one, and steps stamped before the step they must follow. */
function flowFindings(live: TraceEvent[], flow: TraceFlow): TraceFinding[] {
  const out: TraceFinding[] = []
  const terminal = live.find((e) => e.type && flow.terminal.includes(e.type))
  if (terminal) {
    const after = live.filter(
      (e) => e.timestamp > terminal.timestamp && e !== terminal && !flow.terminal.includes(e.type ?? ''),
    )
    if (after.length) {
      out.push({
        kind: 'after-terminal',
        severity: 'warn',
        message: `${after.length} event(s) after ${terminal.type}: ${[...new Set(after.map((e) => e.type ?? '?'))].join(', ')}`,
        events: after.map(ref),
      })
    }
  }
  const first = firstOfEachType(live)
  flow.steps.forEach((step, i) => {
    const prevType = step.after ?? flow.steps[i - 1]?.type
    const e = first.get(step.type)
    const p = prevType ? first.get(prevType) : undefined
    if (e && p && e.timestamp < p.timestamp) {
      out.push({
        kind: 'out-of-order',
        severity: 'warn',
        message: `${step.type} came ${fmtMs(p.timestamp - e.timestamp)} before ${prevType}, which it should follow`,
        events: [ref(p), ref(e)],
      })
    }
  })
  return out
}

/** The earliest event of each type (events come ordered). */
function firstOfEachType(events: TraceEvent[]): Map<string, TraceEvent> {
  const first = new Map<string, TraceEvent>()
  for (const e of events) if (e.type && !first.has(e.type)) first.set(e.type, e)
  return first
}

/** Where the entity's story stands against the expected flow, and what looks wrong in it. */
export function verdictOf(events: TraceEvent[], flow: TraceFlow | undefined, now: number): TraceVerdict {
  const found = findings(events, flow)
  const live = events.filter((e) => !e.aborted)
  if (live.length === 0) return { status: 'not-found', summary: 'No events found for this id', findings: found }
  const last = live[live.length - 1]!
  if (!flow) {
    return {
      status: 'no-flow',
      summary: `${live.length} events; last ${last.type ?? 'event'} ${fmtMs(now - last.timestamp)} ago (no expected flow configured)`,
      lastType: last.type,
      findings: found,
    }
  }
  const first = firstOfEachType(live)
  const terminal = live.find((e) => e.type && flow.terminal.includes(e.type))
  if (terminal) {
    return {
      status: 'complete',
      summary: `Reached ${terminal.type} after ${fmtMs(terminal.timestamp - live[0]!.timestamp)} (${live.length} events)`,
      lastType: terminal.type,
      findings: found,
    }
  }
  // Expected steps whose predecessor happened but which did not; an overdue one makes the entity stuck.
  const waiting = flow.steps.flatMap((step, i) => {
    if (first.has(step.type)) return []
    const prevType = step.after ?? flow.steps[i - 1]?.type
    const prev = prevType ? first.get(prevType) : undefined
    if (!prev || !prevType) return []
    const waited = now - prev.timestamp
    return [{ step, prevType, prev, waited, expected: `${step.type} within ${fmtMs(step.withinMs)} of ${prevType}` }]
  })
  const overdue = waiting.find((w) => w.waited > w.step.withinMs)
  if (overdue) {
    const { prevType, prev, waited, expected } = overdue
    found.unshift({
      kind: 'stuck',
      severity: 'error',
      message: `Stuck at ${prevType} for ${fmtMs(waited)}: expected ${expected}`,
      events: [ref(prev)],
    })
    return {
      status: 'stuck',
      summary: `Stuck at ${prevType} for ${fmtMs(waited)} (expected ${expected})`,
      lastType: prevType,
      stuckForMs: waited,
      expected,
      findings: found,
    }
  }
  const next = waiting[0]
  if (next) {
    return {
      status: 'in-progress',
      summary: `At ${next.prevType}; waiting for ${next.step.type} (due within ${fmtMs(next.step.withinMs - next.waited)})`,
      lastType: next.prevType,
      expected: next.expected,
      findings: found,
    }
  }
  return {
    status: 'in-progress',
    summary: `${live.length} events; last ${last.type ?? 'event'}, no terminal state yet`,
    lastType: last.type,
    findings: found,
  }
}
