/**
 * When an abandoned kafkajs client is closed a second and third time. A request that was in flight
 * on a frozen broker when its client was dropped is retried by kafkajs after the disconnect, and the
 * retry opens a new connection that nobody would close (every broker-pause left one or two per
 * profile). The retries end within the request timeout times the retries.
 */
export const AGAIN_AFTER_MS = [45_000, 120_000] as const

/**
 * Runs `disconnect` now and again after each of `laterMs` (timers that do not hold the process
 * open). Resolves when the first one ends, failed or not; the later ones swallow their errors.
 */
export function disconnectNowAndLater(
  disconnect: () => Promise<unknown>,
  laterMs: readonly number[] = AGAIN_AFTER_MS,
): Promise<void> {
  for (const ms of laterMs) setTimeout(() => void disconnect().catch(() => undefined), ms).unref()
  return disconnect().then(
    () => undefined,
    () => undefined,
  )
}
