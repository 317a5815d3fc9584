import { ApiError } from '../../shared/contract/errors'
import type { TraceVerdict } from '../../shared/contract/trace'
import { parseTime } from './time-spec'

/** A time window of a scan; null is open (the log's start, or its end). */
export interface Window {
  from: number | null
  until: number | null
}

/** Margin around a time window: producers stamp records with their own clocks. */
export const MARGIN_MS = 60_000
/** How far a window reaches past its first event before it is widened. */
export const SPANS_MS = [30 * 60_000, 2 * 3_600_000, 8 * 3_600_000, 24 * 3_600_000]
/** Without an anchor: how far back to look, step by step. */
export const LOOKBACK_MS = [3_600_000, 24 * 3_600_000, 7 * 24 * 3_600_000]

/** The forward steps of widening: the spans, then up to now. */
export const FORWARD_STEPS = [...SPANS_MS, Infinity]
/** The backward steps when nothing was found: the look-backs, then the whole log. */
export const BACKWARD_STEPS = [...LOOKBACK_MS, Infinity]

/** The user's --since/--until hint as a window; an impossible one is the user's error. */
export function hintedWindow(since: string | number | undefined, until: string | number | undefined, now: number) {
  const from = since !== undefined ? parseTime(since, now) : null
  let to = until !== undefined ? parseTime(until, now) : null
  if (from !== null && to !== null && to < from) throw new ApiError('INVALID_INPUT', '--until is before --since')
  // A --since alone starts the story there: read its first span, then widen as the story needs.
  if (from !== null && to === null && from + SPANS_MS[0]! < now) to = from + SPANS_MS[0]!
  return { from, until: to }
}

/** Around the first event found in the root id's partitions, or the last hour when there is none. */
export function firstHitWindow(first: number | undefined, now: number): Window {
  if (first !== undefined) return { from: first - MARGIN_MS, until: first + SPANS_MS[0]! }
  return { from: now - LOOKBACK_MS[0]!, until: null }
}

/**
 * Whether to widen forward after a scan: the window ends before now and the story is
 * unfinished. Nothing found after the user's --since keeps walking forward from it; nothing
 * found without one is for the backward search instead.
 */
export function wantsForward(w: Window, status: TraceVerdict['status'], sinceGiven: boolean): boolean {
  if (w.until === null || status === 'complete') return false
  return status !== 'not-found' || (sinceGiven && w.from !== null)
}

/** The window reaching `span` past `anchor` (up to now for Infinity); undefined when it adds nothing. */
export function forwardWindow(w: Window, span: number, anchor: number, now: number): Window | undefined {
  const until = span === Infinity || anchor + span >= now ? null : anchor + span
  if (until !== null && w.until !== null && until <= w.until) return undefined
  return { from: w.from, until }
}

/** The window reaching `back` before now (the whole log for Infinity), up to now; undefined when it adds nothing. */
export function backwardWindow(w: Window, back: number, now: number): Window | undefined {
  if (w.from === null) return undefined
  const from = back === Infinity ? null : now - back
  if (from !== null && from >= w.from) return undefined
  return { from, until: null }
}
