import type { Alert, AlertEvent, AlertOverride } from '../../shared/contract/alerts'
import type { AlertRuleDef } from '../../shared/contract/alerts'
import type { ProfileHealth, Problem } from '../../shared/contract/health'
import { sortProblems } from '../health/derive'
import { ruleFor } from './default-rules'

/** A fired alert clears only after its problem has been gone this long: a flapping condition pages once. */
export const CLEAR_AFTER_MS = 45_000

export interface AlertBook {
  active: Map<string, Alert>
  /** Problems that match a rule but have not lasted its `forSeconds` yet: key → first seen. */
  pending: Map<string, number>
}

export function emptyBook(): AlertBook {
  return { active: new Map(), pending: new Map() }
}

function event(type: AlertEvent['type'], a: Alert, at: number): AlertEvent {
  return {
    at,
    type,
    key: a.key,
    profileId: a.profileId,
    ruleId: a.ruleId,
    severity: a.problem.severity,
    summary: a.problem.summary,
    link: a.problem.link,
    subject: `${a.problem.subject.type} ${a.problem.subject.name}`,
  }
}

function fire(p: ProfileHealth, ruleId: string, key: string, problem: Problem, now: number): Alert {
  return {
    key,
    profileId: p.id,
    profileName: p.name,
    environment: p.environment,
    ruleId,
    state: 'firing',
    firedAt: now,
    snoozedUntil: null,
    lastSeenAt: now,
    problem,
  }
}

interface Page {
  key: string
  rule: AlertRuleDef
  /** The most severe fresh problem of the page's subject under its rule. */
  problem: Problem
  /** The earliest `since` among them. */
  first: number
}

/**
 * One page per rule and subject: a job whose checkpoints both fail in a row and have not completed
 * for 3 intervals is one checkpoint alert, not two, and does not re-fire when one condition ends first.
 */
function pagesOf(health: ProfileHealth, overrides: AlertOverride[]): Page[] {
  const pages = new Map<string, Page>()
  // Stable sort: fresh before stale, and within each, most severe then oldest first.
  for (const problem of sortProblems(health.problems).sort((a, b) => Number(a.stale) - Number(b.stale))) {
    const rule = ruleFor(problem, health.id, overrides)
    if (!rule?.enabled) continue
    const key = `${health.id}|${rule.id}|${problem.subject.type} ${problem.subject.name}`
    const page = pages.get(key)
    if (page) page.first = Math.min(page.first, problem.since)
    else pages.set(key, { key, rule, problem, first: problem.since })
  }
  return [...pages.values()]
}

/**
 * One evaluation of one profile's problems against the rules: fires what has lasted long enough,
 * keeps what is still seen, resolves what has been gone for CLEAR_AFTER_MS. Returns what changed.
 */
export function stepAlerts(
  book: AlertBook,
  health: ProfileHealth,
  overrides: AlertOverride[],
  now: number,
  clearAfterMs = CLEAR_AFTER_MS,
): AlertEvent[] {
  const events: AlertEvent[] = []
  const seen = new Set<string>()
  for (const { key, rule, problem, first: firstSeen } of pagesOf(health, overrides)) {
    seen.add(key)
    const active = book.active.get(key)
    if (active) {
      active.problem = problem
      active.lastSeenAt = now
      if (active.state === 'snoozed' && active.snoozedUntil !== null && active.snoozedUntil <= now) {
        active.state = 'firing'
        active.snoozedUntil = null
      }
      continue
    }
    // Stale evidence keeps an alert alive but does not raise a new one.
    if (problem.stale) continue
    const first = book.pending.get(key) ?? firstSeen
    if (now - first < rule.forSeconds * 1000) {
      book.pending.set(key, first)
      continue
    }
    book.pending.delete(key)
    const alert = fire(health, rule.id, key, problem, now)
    book.active.set(key, alert)
    events.push(event('fired', alert, now))
  }
  const mine = (key: string) => key.startsWith(`${health.id}|`)
  for (const key of book.pending.keys()) if (mine(key) && !seen.has(key)) book.pending.delete(key)
  for (const [key, alert] of book.active) {
    if (!mine(key) || seen.has(key) || now - alert.lastSeenAt < clearAfterMs) continue
    book.active.delete(key)
    events.push(event('resolved', alert, now))
  }
  return events
}

/** Alerts of profiles that no longer exist are resolved. */
export function dropProfiles(book: AlertBook, present: Set<string>, now: number): AlertEvent[] {
  const events: AlertEvent[] = []
  for (const [key, alert] of book.active) {
    if (present.has(alert.profileId)) continue
    book.active.delete(key)
    events.push(event('resolved', alert, now))
  }
  for (const key of book.pending.keys()) if (!present.has(key.split('|')[0] ?? '')) book.pending.delete(key)
  return events
}

export function acknowledge(book: AlertBook, key: string, now: number): AlertEvent | undefined {
  const a = book.active.get(key)
  if (!a || a.state === 'acknowledged') return undefined
  a.state = 'acknowledged'
  a.snoozedUntil = null
  return event('acknowledged', a, now)
}

export function snooze(book: AlertBook, key: string, forMs: number | null, now: number): AlertEvent | undefined {
  const a = book.active.get(key)
  if (!a) return undefined
  a.state = 'snoozed'
  a.snoozedUntil = forMs === null ? null : now + forMs
  return event('snoozed', a, now)
}
