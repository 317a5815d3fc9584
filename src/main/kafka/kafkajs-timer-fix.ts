import { createRequire } from 'node:module'
import path from 'node:path'

interface RequestQueueInternals {
  pending: unknown[]
  inflight: Map<number, { sentAt: number; requestTimeout: number; timeoutRequest(): void }>
  throttledUntil: number
  throttleCheckTimeoutId: NodeJS.Timeout | null
  requestTimeoutIntervalId: NodeJS.Timeout | undefined
  enforceRequestTimeout: boolean
  requestTimeout: number
  checkPendingRequests(): void
  isConnected(): boolean
  destroy(): void
  scheduleCheckPendingRequests(): void
  scheduleRequestTimeoutCheck(): void
}

/** How often a connection looks for timed-out requests (kafkajs: every 100 ms); timeouts are tens of seconds. */
const TIMEOUT_CHECK_MS = 1_000
const PENDING_RETRY_MS = 10

let applied = false

/**
 * kafkajs 2.2.4 keeps every connection's request queue in a 1 ms timer loop once it has had a
 * request: `scheduleCheckPendingRequests` re-arms itself with a negative delay even when nothing
 * is pending (kafkajs issues #1556 and #1704, unreleased upstream). With a connection per broker
 * per profile, that loop was most of an idle host's CPU. Here a check is scheduled only when
 * requests wait, at the end of the throttle; and timed-out requests are looked for once a second.
 */
export function fixKafkajsTimers(): void {
  if (applied) return
  const require = createRequire(import.meta.url)
  const root = path.dirname(require.resolve('kafkajs'))
  const RequestQueue = require(path.join(root, 'src/network/requestQueue/index.js')) as {
    prototype: RequestQueueInternals
  }
  const proto = RequestQueue.prototype
  if (
    typeof proto.scheduleCheckPendingRequests !== 'function' ||
    typeof proto.scheduleRequestTimeoutCheck !== 'function'
  )
    throw new Error('kafkajs RequestQueue changed shape: revisit src/main/kafka/kafkajs-timer-fix.ts')
  proto.scheduleCheckPendingRequests = function (this: RequestQueueInternals) {
    if (this.throttleCheckTimeoutId || this.pending.length === 0) return
    const wait = this.throttledUntil - Date.now()
    this.throttleCheckTimeoutId = setTimeout(
      () => {
        this.throttleCheckTimeoutId = null
        this.checkPendingRequests()
      },
      wait > 0 ? wait : PENDING_RETRY_MS,
    )
  }
  proto.scheduleRequestTimeoutCheck = function (this: RequestQueueInternals) {
    if (!this.enforceRequestTimeout) return
    this.destroy()
    this.requestTimeoutIntervalId = setInterval(
      () => {
        const now = Date.now()
        for (const request of this.inflight.values()) {
          if (now - request.sentAt > request.requestTimeout) request.timeoutRequest()
        }
        if (!this.isConnected()) this.destroy()
      },
      Math.min(this.requestTimeout, TIMEOUT_CHECK_MS),
    )
  }
  applied = true
}
