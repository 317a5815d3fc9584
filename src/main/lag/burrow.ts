import type { LagStatus, LagVerdict } from '../../shared/contract/lag'
import { fmtMs } from '../../shared/format'

/** A commit as the sampler saw it: when the committed offset was first seen at a new value. */
export interface CommitObservation {
  t: number
  offset: number
  lag: number
}

export const WINDOW = 10

/** Per partition: the last WINDOW commit observations (Burrow's window). */
export class CommitWindow {
  readonly entries: CommitObservation[] = []
  /** The newest sample (also when the offset did not move): for lag-now and "no commit since". */
  last: CommitObservation | undefined

  observe(o: CommitObservation): void {
    const prev = this.entries[this.entries.length - 1]
    if (!prev || prev.offset !== o.offset) {
      this.entries.push(o)
      if (this.entries.length > WINDOW) this.entries.shift()
    }
    this.last = o
  }
}

export interface FlinkContext {
  /** The job's checkpoint interval: a Flink source commits only when a checkpoint completes. */
  checkpointIntervalMs: number | null
  running: boolean
}

export interface EvaluateContext {
  now: number
  /** Active members (or a RUNNING Flink job): the consumer is alive even when it does not commit. */
  alive: boolean
  flink: FlinkContext | null
  /** The sampling interval: no rule judges silence shorter than a few samples. */
  sampleIntervalMs: number
}

const rank: Record<LagStatus, number> = { OK: 0, WARN: 1, STALL: 2, STOP: 3, REWIND: 4 }

export function worst(verdicts: LagVerdict[]): LagVerdict {
  if (verdicts.length === 0) return { status: 'OK', reason: 'no committed partitions', window: 0 }
  return verdicts.reduce((w, v) => (rank[v.status] > rank[w.status] ? v : w))
}

/**
 * Burrow's rules on commit observations, first match wins: OK (lag 0 now or anywhere in the
 * window), REWIND, STOP / STALL (silent longer than the window's span), WARN (offsets move, lag
 * never shrinks), OK. Our sampler sees commits only when the offset changes, so "silent" splits
 * in two: STOP when nobody consumes (no members, job not running), STALL when the consumer is
 * alive but its offset does not move. For a Flink job, silence shorter than a few checkpoint
 * intervals is normal: it commits only on checkpoint.
 */
export function evaluate(w: CommitWindow, ctx: EvaluateContext): LagVerdict {
  const e = w.entries
  const n = e.length
  const last = w.last
  if (!last) return { status: 'OK', reason: 'no commits seen yet', window: 0 }
  if (last.lag === 0) return { status: 'OK', reason: 'caught up', window: n }
  if (e.some((x) => x.lag === 0)) return { status: 'OK', reason: 'was caught up within the window', window: n }
  for (let i = 1; i < n; i++) {
    if (e[i]!.offset < e[i - 1]!.offset) {
      return {
        status: 'REWIND',
        reason: `committed offset went back from ${e[i - 1]!.offset} to ${e[i]!.offset}`,
        window: n,
      }
    }
  }
  const lastCommit = e[n - 1]!
  const silentFor = ctx.now - lastCommit.t
  const span = n >= 2 ? lastCommit.t - e[0]!.t : 0
  const floor = Math.max(
    3 * ctx.sampleIntervalMs,
    ctx.flink?.checkpointIntervalMs ? 3 * ctx.flink.checkpointIntervalMs + ctx.sampleIntervalMs : 0,
  )
  const threshold = Math.max(span, floor)
  if (silentFor > threshold) {
    const why = `no commit for ${fmtMs(silentFor)}, longer than ${span >= floor ? "the window's span" : ctx.flink ? '3 checkpoint intervals' : '3 samples'} (${fmtMs(threshold)}); lag ${last.lag}`
    if (!ctx.alive) {
      return {
        status: 'STOP',
        reason: `${why}; ${ctx.flink ? 'the Flink job is not running' : 'the group has no active members'}`,
        window: n,
      }
    }
    return {
      status: 'STALL',
      reason: `${why}; ${ctx.flink ? 'the Flink job is running but its source does not advance' : 'members are connected but do not advance'}`,
      window: n,
    }
  }
  if (n >= 3 && e[n - 1]!.offset > e[0]!.offset) {
    let grows = true
    for (let i = 1; i < n; i++) if (e[i]!.lag < e[i - 1]!.lag) grows = false
    if (grows && e[n - 1]!.lag > e[0]!.lag) {
      return {
        status: 'WARN',
        reason: `lag grew at every one of the last ${n} commits (${e[0]!.lag} → ${e[n - 1]!.lag})`,
        window: n,
      }
    }
  }
  return { status: 'OK', reason: 'consuming', window: n }
}
