import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { createWireClient } from '../../shared/client'
import { ApiError, subscription } from '../../shared/contract'
import type { ServerMessage } from '../../shared/wire'
import { Connection } from './connection'
import { createRouter, isStopped, STOPPED } from './router'

const testContract = {
  'count.forever': subscription(z.object({}), z.object({ i: z.number(), final: z.boolean() })),
  'fail.on.stop': subscription(z.object({}), z.object({ i: z.number() })),
} as const
const ctx = { transport: 'test' } as const

/** Counts until its signal aborts, then emits one final event: what a trace does with its verdict. */
const reasons: unknown[] = []
const handlers = {
  'count.forever': async (_i: unknown, emit: (e: { i: number; final: boolean }) => void, signal: AbortSignal) => {
    let i = 0
    while (!signal.aborted) {
      emit({ i: ++i, final: false })
      await new Promise((r) => setTimeout(r, 2))
    }
    reasons.push(signal.reason)
    emit({ i, final: isStopped(signal) })
  },
  'fail.on.stop': async (_i: unknown, _emit: unknown, signal: AbortSignal) => {
    await new Promise((r) => signal.addEventListener('abort', r))
    throw new ApiError('UNAVAILABLE', 'Kafka went away while stopping')
  },
}

function collect() {
  const log: string[] = []
  let ended!: () => void
  const done = new Promise<void>((r) => (ended = r))
  const sink = {
    event: (e: unknown) => log.push(`event ${JSON.stringify(e)}`),
    end: () => (log.push('end'), ended()),
    error: (e: ApiError) => (log.push(`error ${e.code}`), ended()),
  }
  return { log, done, sink }
}

describe('stopping a subscription', () => {
  const router = createRouter(handlers, { validateOutputs: true }, testContract)

  it('aborts the handler with STOPPED, delivers its final events, then ends', async () => {
    const { log, done, sink } = collect()
    const sub = router.subscribe('count.forever', {}, sink, ctx)
    await new Promise((r) => setTimeout(r, 10))
    sub.stop()
    await done
    expect(reasons.at(-1)).toBe(STOPPED)
    expect(log.at(-1)).toBe('end')
    expect(log.at(-2)).toMatch(/^event \{"i":\d+,"final":true\}$/)
  })

  it('an unsubscribe instead drops the final events and the end', async () => {
    const { log, sink } = collect()
    const sub = router.subscribe('count.forever', {}, sink, ctx)
    await new Promise((r) => setTimeout(r, 10))
    sub.unsubscribe()
    const seen = log.length
    sub.stop()
    await new Promise((r) => setTimeout(r, 20))
    expect(log).toHaveLength(seen)
    expect(log.every((l) => l.includes('"final":false'))).toBe(true)
  })

  it('still reports a handler that fails for another reason than the stop', async () => {
    const { log, done, sink } = collect()
    router.subscribe('fail.on.stop', {}, sink, ctx).stop()
    await done
    expect(log).toEqual(['error UNAVAILABLE'])
  })

  it('over the wire: the client’s stop reaches the handler and the final value comes back before end', async () => {
    const client = createWireClient((msg) => queueMicrotask(() => connection.receive(msg)))
    const sent: ServerMessage[] = []
    const connection = new Connection(
      router,
      (msg) => {
        sent.push(msg)
        client.receive(msg)
      },
      ctx,
    )
    const { log, done, sink } = collect()
    const sub = (client.subscribe as (m: string, i: unknown, h: typeof sink) => ReturnType<typeof client.subscribe>)(
      'count.forever',
      {},
      sink,
    )
    await new Promise((r) => setTimeout(r, 10))
    sub.stop()
    await done
    expect(log.at(-1)).toBe('end')
    expect(log.at(-2)).toContain('"final":true')
    expect(sent.at(-1)).toMatchObject({ t: 'end' })
    expect(connection.subscriptionCount).toBe(0)
  })
})
