import { createRequire } from 'node:module'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { fixKafkajsTimers } from './kafkajs-timer-fix'

const require = createRequire(import.meta.url)
const RequestQueue = require(path.join(path.dirname(require.resolve('kafkajs')), 'src/network/requestQueue/index.js'))
const logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined }
const queue = () =>
  new RequestQueue({
    maxInFlightRequests: 1,
    requestTimeout: 30_000,
    enforceRequestTimeout: true,
    clientId: 't',
    broker: 'b',
    logger,
  })

describe('fixKafkajsTimers', () => {
  afterEach(() => vi.useRealTimers())

  it('leaves an idle request queue without a timer loop', () => {
    fixKafkajsTimers()
    vi.useFakeTimers()
    const q = queue()
    const checks = vi.spyOn(q, 'checkPendingRequests')
    q.checkPendingRequests()
    vi.advanceTimersByTime(1_000)
    // kafkajs 2.2.4 alone re-runs the check every millisecond: about a thousand calls here.
    expect(checks).toHaveBeenCalledTimes(1)
    expect(q.throttleCheckTimeoutId).toBeNull()
    q.destroy()
  })

  it('still sends a waiting request when the throttle ends', () => {
    fixKafkajsTimers()
    vi.useFakeTimers()
    const q = queue()
    const sent: number[] = []
    q.sendSocketRequest = (r: { n: number }) => sent.push(r.n)
    q.throttledUntil = Date.now() + 500
    q.pending.push({ n: 1 })
    q.scheduleCheckPendingRequests()
    vi.advanceTimersByTime(499)
    expect(sent).toEqual([])
    vi.advanceTimersByTime(2)
    expect(sent).toEqual([1])
    q.destroy()
  })

  it('times out a request within about a second of its deadline', () => {
    fixKafkajsTimers()
    vi.useFakeTimers()
    const q = queue()
    const timedOut = vi.fn()
    q.inflight.set(1, { sentAt: Date.now(), requestTimeout: 30_000, timeoutRequest: timedOut })
    q.scheduleRequestTimeoutCheck()
    vi.advanceTimersByTime(30_000)
    expect(timedOut).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1_001)
    expect(timedOut).toHaveBeenCalledTimes(1)
    q.destroy()
  })
})
