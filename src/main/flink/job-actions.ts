import { z } from 'zod'
import type { JobActionResult } from '../../shared/contract'
import { ApiError } from '../../shared/contract'
import { sleep } from '../util/sleep'
import type { FlinkConnection } from './flink-connection'

const trigger = z.looseObject({ 'request-id': z.string() })
const status = z.looseObject({
  status: z.looseObject({ id: z.string() }),
  operation: z
    .looseObject({
      location: z.string().nullish(),
      'failure-cause': z.looseObject({ class: z.string().nullish(), 'stack-trace': z.string().nullish() }).nullish(),
    })
    .nullish(),
})

/**
 * Savepoint / stop-with-savepoint / cancel. Flink answers asynchronously: the trigger is polled
 * until the operation ends (Flink keeps results for 5 minutes), so the caller gets the outcome.
 */
export async function runJobAction(
  conn: FlinkConnection,
  jid: string,
  action: JobActionResult['action'],
  targetDirectory: string | undefined,
  signal?: AbortSignal,
  timeoutMs = 5 * 60_000,
): Promise<JobActionResult> {
  const t0 = Date.now()
  const j = encodeURIComponent(jid)
  if (action === 'cancel') {
    await conn.send('PATCH', `/jobs/${j}?mode=cancel`, undefined, z.unknown(), signal)
    return { action, status: 'COMPLETED', location: null, failure: null, durationMs: Date.now() - t0 }
  }
  const body =
    action === 'savepoint'
      ? { 'cancel-job': false, ...(targetDirectory ? { 'target-directory': targetDirectory } : {}) }
      : { drain: false, ...(targetDirectory ? { targetDirectory } : {}) }
  const { 'request-id': requestId } = await conn.send(
    'POST',
    `/jobs/${j}/${action === 'savepoint' ? 'savepoints' : 'stop'}`,
    body,
    trigger,
    signal,
  )
  while (Date.now() - t0 < timeoutMs) {
    const s = await conn.get(`/jobs/${j}/savepoints/${encodeURIComponent(requestId)}`, status, signal)
    if (s.status.id === 'COMPLETED') {
      const failure = s.operation?.['failure-cause']
      return {
        action,
        status: failure ? 'FAILED' : 'COMPLETED',
        location: s.operation?.location ?? null,
        failure: failure
          ? (failure['stack-trace']?.split('\n').find((l) => l.trim()) ?? failure.class ?? 'failed')
          : null,
        durationMs: Date.now() - t0,
      }
    }
    await sleep(500, signal)
    if (signal?.aborted)
      throw new ApiError('CANCELLED', `Stopped waiting for the ${action}; Flink may still complete it`)
  }
  throw new ApiError(
    'TIMEOUT',
    `The ${action} of job ${jid} did not finish within ${timeoutMs / 1000} s (request ${requestId})`,
  )
}
