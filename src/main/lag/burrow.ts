import type { LagStatus, LagVerdict } from '../../shared/contract/lag'
import { fmtMs } from '../../shared/format'

/** A commit as the sampler saw it: when the committed offset was first seen at a new value. */
export interface CommitObservation {
  t: number
  offset: number
  lag: number
}

export const WINDOW = 10
/** Samples kept per partition for the falling-behind rule: enough for a 60 s checkpoint interval at 10 s. */
export const SAMPLES = 16

/** Per partition: the last WINDOW commit observations (Burrow's window) and the last SAMPLES samples. */
export class CommitWindow {
  readonly entries: CommitObservation[] = []
  readonly samples: CommitObservation[] = []
  /** The newest sample (also when the offset did not move): for lag-now and "no commit since". */
  last: CommitObservation | undefined

  /** `minGapMs`: a sample closer than this to the previous kept one (a view asking) is not kept. */
  observe(o: CommitObservation, minGapMs = 0): void {
    const prev = this.entries[this.entries.length - 1]
    if (!prev || prev.offset !== o.offset) {
      this.entries.push(o)
      if (this.entries.length > WINDOW) this.entries.shift()
    }
    const prevSample = this.samples[this.samples.length - 1]
    if (!prevSample || o.t - prevSample.t >= minGapMs) {
      this.samples.push(o)
      if (this.samples.length > SAMPLES) this.samples.shift()
    }
    this.last = o
  }
}

/**
 * The newest run of samples in which lag grew at every step, when it spans long enough to
 * exclude the normal build-up between two commits (a Flink job commits only on checkpoint).
 */
function fallingBehind(
  w: CommitWindow,
  ctx: EvaluateContext,
): { from: CommitObservation; to: CommitObservation; n: number } | undefined {
  const s = w.samples
  let i = s.length - 1
  while (i > 0 && s[i]!.lag > s[i - 1]!.lag) i--
  const n = s.length - i
  const from = s[i]
  const to = s[s.length - 1]
  if (!from || !to || n < 3) return undefined
  const cp = ctx.flink?.checkpointIntervalMs
  const minSpan = Math.max(2 * ctx.sampleIntervalMs, cp ? 1.5 * cp + ctx.sampleIntervalMs : 3 * ctx.sampleIntervalMs)
  return to.t - from.t >= minSpan ? { from, to, n } : undefined
}

export interface FlinkContext {
  /** The job's checkpoint interval: a Flink source commits only when a checkpoint completes. */
  checkpointIntervalMs: number | null
  /** How long its recent checkpoints took (the slowest Flink still lists): the commit lands only at their end. */
  checkpointDurationMs?: number | null
  /** Checkpoints failed since the last completed one: the source commits nothing until one completes. */
  failedCheckpointsInARow?: number
  running: boolean
}

/**
 * Why a Flink job's lag needs its own rule. Its source commits offsets only when a checkpoint
 * completes, and commits the offsets of the checkpoint's start. Between two commits the
 * committed-offset lag therefore grows from about 0 to inputRate × (checkpoint interval +
 * checkpoint duration), and the sampler, which reads every 10 s at an arbitrary phase of that
 * saw-tooth, can see it "grow at every commit" for minutes on a healthy job, simply because the
 * input rate rises or the phase drifts (issue 10: 2 → 25 over 10 commits at 20 orders/s and 5 s
 * checkpoints). So lag within that envelope — with a safety factor for a rate measured over the
 * last samples while it rises, and a small floor for the jitter of reading the log end a moment
 * after the committed offset — is OK, always; WARN needs lag beyond it across commits. Silence is
 * judged apart: a job that stops committing is not explained by its checkpoint interval.
 */
export const ENVELOPE_FACTOR = 2
/** Records: a handful of records between two reads is never a signal. */
export const ENVELOPE_FLOOR = 20
/** Commits in a row above the envelope, lag higher at the last than at the first: falling behind (a drain shrinks). */
const ABOVE_ENVELOPE_COMMITS = 3

export interface Envelope {
  /** Lag, in records, that the checkpoint cadence explains at the current input rate. */
  limit: number
  /** Records per second into the partition (log-end growth over the samples). */
  rate: number
  cadenceMs: number
}

/**
 * The partition's input rate from the log end offsets the samples saw: the higher of the rate
 * over all samples and over the last three, so that a rising rate widens the envelope at once.
 */
export function inputRate(w: CommitWindow): number | null {
  const s = w.samples
  const over = (from: CommitObservation, to: CommitObservation) =>
    to.t > from.t ? Math.max(0, to.offset + to.lag - (from.offset + from.lag)) / ((to.t - from.t) / 1000) : null
  const last = s[s.length - 1]
  if (!last || s.length < 2) return null
  const all = over(s[0]!, last)
  const recent = over(s[Math.max(0, s.length - 3)]!, last)
  if (all === null) return recent
  return recent === null ? all : Math.max(all, recent)
}

/** What a Flink job's checkpoint cadence explains; null when its interval or the input rate is unknown. */
export function checkpointEnvelope(w: CommitWindow, flink: FlinkContext | null): Envelope | null {
  if (!flink?.checkpointIntervalMs) return null
  const rate = inputRate(w)
  if (rate === null) return null
  const cadenceMs = flink.checkpointIntervalMs + Math.max(0, flink.checkpointDurationMs ?? 0)
  return { rate, cadenceMs, limit: Math.round(rate * (cadenceMs / 1000) * ENVELOPE_FACTOR + ENVELOPE_FLOOR) }
}

const explained = (e: Envelope) =>
  `${e.rate.toFixed(1)}/s × ${fmtMs(e.cadenceMs)} checkpoint cadence × ${ENVELOPE_FACTOR} + ${ENVELOPE_FLOOR}`

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
 * never shrinks), WARN (lag grew at every sample for longer than the commit cadence explains —
 * what a consumer that falls behind, or has just stopped, shows before it counts as silent), OK.
 * Our sampler sees commits only when the offset changes, so "silent" splits in two: STOP when
 * nobody consumes (no members, job not running), STALL when the consumer is alive but its offset
 * does not move. For a Flink job, silence shorter than a few checkpoint intervals is normal (it
 * commits only on checkpoint), and lag within its checkpoint envelope is OK before any WARN rule
 * (see ENVELOPE_FACTOR); lag above the envelope at 3 commits in a row, and growing, is WARN (a
 * job draining a backlog, above the envelope but shrinking, is not).
 */
export function evaluate(w: CommitWindow, ctx: EvaluateContext): LagVerdict {
  const e = w.entries
  const n = e.length
  const last = w.last
  if (!last) return { status: 'OK', reason: 'no commits seen yet', window: 0 }
  if (last.lag === 0) return { status: 'OK', reason: 'caught up', window: n }
  if (e.some((x) => x.lag === 0)) return { status: 'OK', reason: 'was caught up within the window', window: n }
  const verdict = rewind(e) ?? silence(e, last, ctx)
  if (verdict) return { ...verdict, window: n }
  const envelope = checkpointEnvelope(w, ctx.flink)
  if (envelope && last.lag <= envelope.limit) {
    const reason = `lag ${last.lag} within what checkpoints explain (≤ ${envelope.limit}: ${explained(envelope)})`
    return { status: 'OK', reason, window: n }
  }
  return { ...(growth(w, ctx, envelope) ?? { status: 'OK', reason: 'consuming' }), window: n }
}

type Finding = Omit<LagVerdict, 'window'>

function rewind(e: CommitObservation[]): Finding | undefined {
  for (let i = 1; i < e.length; i++) {
    if (e[i]!.offset < e[i - 1]!.offset)
      return { status: 'REWIND', reason: `committed offset went back from ${e[i - 1]!.offset} to ${e[i]!.offset}` }
  }
  return undefined
}

/** STOP or STALL: no commit for longer than the window's span (and than a few samples or checkpoint intervals). */
function silence(e: CommitObservation[], last: CommitObservation, ctx: EvaluateContext): Finding | undefined {
  const lastCommit = e[e.length - 1]!
  const silentFor = ctx.now - lastCommit.t
  const span = e.length >= 2 ? lastCommit.t - e[0]!.t : 0
  const floor = Math.max(
    3 * ctx.sampleIntervalMs,
    ctx.flink?.checkpointIntervalMs ? 3 * ctx.flink.checkpointIntervalMs + ctx.sampleIntervalMs : 0,
  )
  const threshold = Math.max(span, floor)
  if (silentFor <= threshold) return undefined
  const why = `no commit for ${fmtMs(silentFor)}, longer than ${span >= floor ? "the window's span" : ctx.flink ? '3 checkpoint intervals' : '3 samples'} (${fmtMs(threshold)}); lag ${last.lag}`
  if (!ctx.alive) {
    return {
      status: 'STOP',
      reason: `${why}; ${ctx.flink ? 'the Flink job is not running' : 'the group has no active members'}`,
    }
  }
  const failed = ctx.flink?.failedCheckpointsInARow ?? 0
  const cause = !ctx.flink
    ? 'members are connected but do not advance'
    : failed > 0
      ? `the Flink job is running but its last ${failed} checkpoint(s) failed, and its source commits offsets only when a checkpoint completes`
      : 'the Flink job is running but its source does not advance'
  return { status: 'STALL', reason: `${why}; ${cause}` }
}

/** WARN when lag grows: at every commit, at every sample for longer than commits explain, or above a Flink job's envelope. */
function growth(w: CommitWindow, ctx: EvaluateContext, envelope: Envelope | null): Finding | undefined {
  const e = w.entries
  const n = e.length
  const first = e[0]!
  const last = e[n - 1]!
  if (
    n >= 3 &&
    last.offset > first.offset &&
    last.lag > first.lag &&
    e.every((x, i) => i === 0 || x.lag >= e[i - 1]!.lag)
  )
    return { status: 'WARN', reason: `lag grew at every one of the last ${n} commits (${first.lag} → ${last.lag})` }
  // Before silence turns into STALL: lag has grown at every sample for longer than commits explain.
  const behind = fallingBehind(w, ctx)
  if (behind) {
    const moved = behind.to.offset > behind.from.offset
    return {
      status: 'WARN',
      reason: `lag grew in every sample of the last ${behind.n} (${behind.from.lag} → ${behind.to.lag} in ${fmtMs(behind.to.t - behind.from.t)})${moved ? '' : `; no commit for ${fmtMs(ctx.now - last.t)}`}`,
    }
  }
  const above = e.slice(-ABOVE_ENVELOPE_COMMITS)
  if (
    envelope &&
    above.length === ABOVE_ENVELOPE_COMMITS &&
    above.every((x) => x.lag > envelope.limit) &&
    last.lag > above[0]!.lag
  ) {
    return {
      status: 'WARN',
      reason: `lag above what checkpoints explain at each of the last ${ABOVE_ENVELOPE_COMMITS} commits, and growing (${above.map((x) => x.lag).join(' → ')}; envelope ${envelope.limit}: ${explained(envelope)})`,
    }
  }
  return undefined
}
