import { ApiError } from '../../shared/contract'

/**
 * The answer of `work`, or UNAVAILABLE naming the component once `ms` pass: a frozen broker or
 * JobManager must not hold a health read (kafkajs retries for up to a minute on its own).
 * `onTimeout` releases what the late work holds (a connection), since it keeps running.
 * `saidMs` is the limit the message names when `ms` is what is left of a longer one.
 */
export async function withDeadline<T>(
  component: string,
  ms: number,
  work: Promise<T>,
  onTimeout?: () => void,
  saidMs = ms,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => {
        onTimeout?.()
        const limit = saidMs >= 1000 ? `${Math.round(saidMs / 1000)} s` : `${saidMs} ms`
        reject(new ApiError('UNAVAILABLE', `${component} did not answer within ${limit}`))
      },
      Math.max(0, ms),
    )
  })
  work.catch(() => undefined) // a late failure after the deadline is not an unhandled rejection
  try {
    return await Promise.race([work, late])
  } finally {
    clearTimeout(timer)
  }
}
