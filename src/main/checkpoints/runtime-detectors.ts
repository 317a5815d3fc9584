import { fmtMs } from '../../shared/format'
import type { CheckpointRecord } from './checkpoint-record'
import type { DetectorInput, DetectorResult } from './detectors'

/** Restarts this recent count toward a loop. */
export const LOOP_WINDOW_MS = 10 * 60_000

/**
 * Checkpoints that take longer than their interval, twice in a row (or the last one and the one in
 * progress): one slow checkpoint on a busy host is noise, two are a trend. The gap they leave is
 * explained by them, so `no-recent-checkpoint` stays quiet while this fires.
 */
export function slowCheckpoints(input: DetectorInput, completed: CheckpointRecord[]): DetectorResult {
  const interval = input.intervalMs
  const last = completed.slice(-2).map((r) => r.durationMs ?? 0)
  const runningFor = input.inProgressSince != null ? input.now - input.inProgressSince : null
  const recent = runningFor !== null ? [...last.slice(-1), runningFor] : last
  const firing = interval !== null && interval > 0 && recent.length === 2 && recent.every((d) => d >= interval)
  return {
    id: 'slow',
    title: 'Checkpoints slower than their interval',
    severity: 'warning',
    firing,
    evidence:
      interval === null
        ? 'interval unknown'
        : `last completed took ${fmtMs(last.at(-1) ?? 0)}${runningFor !== null ? `, the one in progress has run ${fmtMs(runningFor)}` : `, the one before ${fmtMs(last.at(-2) ?? 0)}`}; interval ${fmtMs(interval)}`,
  }
}

/**
 * A job that restarted and has not completed a checkpoint since keeps failing on the same input
 * (a poison record, a bad deploy): it restarts from the same checkpoint every time. A restart that
 * is followed by a completed checkpoint recovered, and is history rather than a problem.
 */
export function restartLoop(input: DetectorInput, completed: CheckpointRecord[]): DetectorResult {
  const restarts = input.restartTimestamps.filter((t) => t >= input.now - LOOP_WINDOW_MS)
  const lastRestart = restarts.length ? Math.max(...restarts) : null
  const lastDone = completed.at(-1)
  const lastDoneAt = lastDone ? (lastDone.latestAckTimestamp ?? lastDone.triggerTimestamp) : null
  const firing = lastRestart !== null && (lastDoneAt === null || lastDoneAt < lastRestart)
  const cause = input.lastException ? `; last failure: ${input.lastException}` : ''
  return {
    id: 'restart-loop',
    title: 'Restarting without completing a checkpoint',
    severity: 'critical',
    firing,
    evidence:
      lastRestart === null
        ? 'no restart in the last 10 min'
        : `${restarts.length} restart(s) in the last 10 min, last ${fmtMs(input.now - lastRestart)} ago; ${
            lastDoneAt === null
              ? 'no checkpoint completed'
              : `last checkpoint completed ${fmtMs(input.now - lastDoneAt)} ago`
          }${firing ? ', none since' : ', after it'}${cause}`,
  }
}
