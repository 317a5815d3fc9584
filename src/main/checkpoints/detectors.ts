import { fmtBytes, fmtMs } from '../../shared/format'
import type { CheckpointRecord } from './checkpoint-record'
import { restartLoop, slowCheckpoints } from './runtime-detectors'

export interface DetectorInput {
  records: CheckpointRecord[]
  intervalMs: number | null
  timeoutMs: number | null
  jobRunning: boolean
  /** Timestamps of the job's restarts (from its exception history). */
  restartTimestamps: number[]
  /** The newest failure's exception, first line (what an engineer recognises). */
  lastException?: string | null
  /** When the checkpoint in progress was triggered, if one is. */
  inProgressSince?: number | null
  now: number
}

export interface DetectorResult {
  id:
    | 'consecutive-failures'
    | 'no-recent-checkpoint'
    | 'near-timeout'
    | 'back-to-back'
    | 'state-growth'
    | 'alignment-backpressure'
    | 'recent-restarts'
    | 'slow'
    | 'restart-loop'
  title: string
  firing: boolean
  severity: 'warning' | 'critical'
  /** What the verdict rests on, in words an on-call engineer can check. */
  evidence: string
}

const FAILURES_IN_A_ROW = 3
const INTERVALS_WITHOUT_COMPLETION = 3
const NEAR_TIMEOUT_SHARE = 0.8
const RECENT = 5

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)] ?? 0
}

/** Least-squares slope (per ms) and R² of y over x. */
function regression(points: Array<[number, number]>): { slope: number; r2: number } {
  const n = points.length
  const mx = points.reduce((s, [x]) => s + x, 0) / n
  const my = points.reduce((s, [, y]) => s + y, 0) / n
  let sxy = 0
  let sxx = 0
  let syy = 0
  for (const [x, y] of points) {
    sxy += (x - mx) * (y - my)
    sxx += (x - mx) ** 2
    syy += (y - my) ** 2
  }
  const slope = sxx === 0 ? 0 : sxy / sxx
  const r2 = sxx === 0 || syy === 0 ? 0 : (sxy * sxy) / (sxx * syy)
  return { slope, r2 }
}

/** The checkpoint detectors of one job, each with whether it fires and why. */
export function runDetectors(input: DetectorInput): DetectorResult[] {
  const checkpoints = input.records.filter((r) => !r.isSavepoint)
  const completed = checkpoints.filter((r) => r.status === 'COMPLETED')
  const recent = completed.slice(-RECENT)
  const slow = slowCheckpoints(input, completed)
  const failures = consecutiveFailures(checkpoints)
  const gap = noRecentCheckpoint(input, checkpoints, completed)
  return [
    failures,
    // Failing or slow checkpoints explain the gap between completions: one cause, one problem.
    slow.firing || failures.firing ? { ...gap, firing: false } : gap,
    slow,
    restartLoop(input, completed),
    nearTimeout(input, recent),
    backToBack(input, recent),
    stateGrowth(completed.filter((r) => r.triggerTimestamp >= input.now - 3600_000)),
    alignmentBackpressure(completed),
    recentRestarts(input),
  ]
}

function consecutiveFailures(checkpoints: CheckpointRecord[]): DetectorResult {
  let streak = 0
  for (let i = checkpoints.length - 1; i >= 0 && checkpoints[i]?.status === 'FAILED'; i--) streak++
  const lastFailure = [...checkpoints].reverse().find((r) => r.status === 'FAILED')
  return {
    id: 'consecutive-failures',
    title: `${FAILURES_IN_A_ROW} or more failed checkpoints in a row`,
    severity: 'critical',
    firing: streak >= FAILURES_IN_A_ROW,
    evidence: streak
      ? `${streak} failed in a row; last: ${lastFailure?.failureMessage ?? 'no message'} (checkpoint ${lastFailure?.id})`
      : lastFailure
        ? `last failure was checkpoint ${lastFailure.id} (${lastFailure.failureMessage ?? 'no message'}), followed by a completed one`
        : 'no failed checkpoint seen',
  }
}

function noRecentCheckpoint(
  input: DetectorInput,
  checkpoints: CheckpointRecord[],
  completed: CheckpointRecord[],
): DetectorResult {
  const lastCompleted = completed[completed.length - 1]
  const since = lastCompleted ? input.now - (lastCompleted.latestAckTimestamp ?? lastCompleted.triggerTimestamp) : null
  const allowed = input.intervalMs ? INTERVALS_WITHOUT_COMPLETION * input.intervalMs : null
  return {
    id: 'no-recent-checkpoint',
    title: `No completed checkpoint for more than ${INTERVALS_WITHOUT_COMPLETION} intervals`,
    severity: 'critical',
    firing:
      input.jobRunning &&
      allowed !== null &&
      (since === null ? checkpoints.length >= INTERVALS_WITHOUT_COMPLETION : since > allowed),
    evidence:
      since === null
        ? `no completed checkpoint seen${input.intervalMs ? ` (interval ${fmtMs(input.intervalMs)})` : ''}`
        : `last completed ${fmtMs(since)} ago (checkpoint ${lastCompleted?.id}); allowed ${allowed === null ? 'unknown: checkpointing off' : fmtMs(allowed)}`,
  }
}

function nearTimeout(input: DetectorInput, recent: CheckpointRecord[]): DetectorResult {
  const longest = recent.reduce((m, r) => Math.max(m, r.durationMs ?? 0), 0)
  return {
    id: 'near-timeout',
    title: `Checkpoint duration above ${NEAR_TIMEOUT_SHARE * 100} % of the timeout`,
    severity: 'warning',
    firing: input.timeoutMs !== null && longest >= NEAR_TIMEOUT_SHARE * input.timeoutMs,
    evidence: input.timeoutMs
      ? `longest of the last ${recent.length}: ${fmtMs(longest)} of a ${fmtMs(input.timeoutMs)} timeout (${Math.round((longest / input.timeoutMs) * 100)} %)`
      : 'timeout unknown',
  }
}

function backToBack(input: DetectorInput, recent: CheckpointRecord[]): DetectorResult {
  const med = median(recent.map((r) => r.durationMs ?? 0))
  return {
    id: 'back-to-back',
    title: 'Checkpoints back to back (duration ≥ interval)',
    severity: 'warning',
    firing: input.intervalMs !== null && recent.length >= 3 && med >= input.intervalMs,
    evidence: input.intervalMs
      ? `median duration of the last ${recent.length}: ${fmtMs(med)}; interval ${fmtMs(input.intervalMs)}`
      : 'interval unknown',
  }
}

function alignmentBackpressure(completed: CheckpointRecord[]): DetectorResult {
  const spiky = completed
    .slice(-10)
    .filter(
      (r) =>
        r.spike &&
        (r.spike.alignmentMs ?? 0) >= 0.5 * (r.durationMs ?? Infinity) &&
        (r.spike.backpressureRatio ?? 0) >= 0.5,
    )
  const spike = spiky[spiky.length - 1]
  return {
    id: 'alignment-backpressure',
    title: 'Alignment time spikes together with backpressure',
    severity: 'warning',
    firing: !!spike,
    evidence: spike?.spike
      ? `checkpoint ${spike.id} took ${fmtMs(spike.durationMs)}; ${spike.spike.vertexName} aligned for ${fmtMs(spike.spike.alignmentMs)} while backpressured ${Math.round((spike.spike.backpressureRatio ?? 0) * 100)} % (unaligned checkpoints or more capacity downstream?)`
      : 'no slow checkpoint with long alignment under backpressure among the last 10',
  }
}

function recentRestarts(input: DetectorInput): DetectorResult {
  const restarts = input.restartTimestamps.filter((t) => t >= input.now - 3600_000)
  return {
    id: 'recent-restarts',
    title: 'Restarts in the last hour',
    severity: 'critical',
    firing: restarts.length > 0,
    evidence: restarts.length
      ? `${restarts.length} restart(s), last ${fmtMs(input.now - Math.max(...restarts))} ago`
      : 'no restart in the last hour',
  }
}

const GROWTH_MIN_POINTS = 8

function growthOf(
  points: Array<[number, number]>,
): { slope: number; r2: number; first: number; last: number } | undefined {
  if (points.length < GROWTH_MIN_POINTS) return undefined
  return { ...regression(points), first: points[0]?.[1] ?? 0, last: points[points.length - 1]?.[1] ?? 0 }
}

const grows = (g: ReturnType<typeof growthOf>): boolean =>
  !!g && g.slope > 0 && g.r2 >= 0.8 && g.first > 0 && g.last >= g.first * 1.2

/** Steady growth of full state size, per operator when the records carry operators, else per job. */
function stateGrowth(window: CheckpointRecord[]): DetectorResult {
  const title = 'State size growing steadily (state leak? missing TTL?)'
  const byOperator = new Map<string, { name: string; points: Array<[number, number]> }>()
  for (const r of window) {
    for (const o of r.operators ?? []) {
      if (o.stateSize === null) continue
      const entry = byOperator.get(o.id) ?? { name: o.name, points: [] }
      entry.points.push([r.triggerTimestamp, o.stateSize])
      byOperator.set(o.id, entry)
    }
  }
  const candidates = byOperator.size
    ? [...byOperator.values()].map((o) => ({ name: o.name, g: growthOf(o.points), n: o.points.length }))
    : [
        {
          name: 'the job',
          g: growthOf(window.filter((r) => r.stateSize !== null).map((r) => [r.triggerTimestamp, r.stateSize ?? 0])),
          n: window.length,
        },
      ]
  const growing = candidates.filter((c) => grows(c.g)).sort((a, b) => (b.g?.slope ?? 0) - (a.g?.slope ?? 0))[0]
  const shown = growing ?? candidates.find((c) => c.g) ?? candidates[0]
  const evidence = shown?.g
    ? `${shown.name}: ${fmtBytes(shown.g.first)} → ${fmtBytes(shown.g.last)} over ${shown.n} checkpoints in the last hour (≈ ${fmtBytes(Math.max(0, shown.g.slope) * 3600_000)}/h, R² ${shown.g.r2.toFixed(2)})`
    : `${shown?.n ?? 0} completed checkpoints with a size in the last hour; ${GROWTH_MIN_POINTS} needed`
  return { id: 'state-growth', title, severity: 'warning', firing: !!growing, evidence }
}
