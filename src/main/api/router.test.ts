import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { call, subscription } from '../../shared/contract'
import { createRouter } from './router'

const testContract = {
  'math.double': call(z.object({ n: z.number() }), z.object({ n: z.number() })),
  'math.broken': call(z.object({}), z.object({ n: z.number() })),
  'cluster.wipe': call(z.object({ id: z.string() }), z.object({ done: z.boolean() }), { mutates: true }),
  'count.up': subscription(z.object({ to: z.number().int().max(10) }), z.object({ i: z.number() })),
} as const

const handlers = {
  'math.double': async ({ n }: { n: number }) => ({ n: n * 2 }),
  'math.broken': async () => ({ n: 'not a number' }) as unknown as { n: number },
  'cluster.wipe': async () => ({ done: true }),
  'count.up': async ({ to }: { to: number }, emit: (e: { i: number }) => void) => {
    for (let i = 1; i <= to; i++) emit({ i })
  },
}
const ctx = { transport: 'test' } as const

describe('router', () => {
  const router = createRouter(handlers, { validateOutputs: true }, testContract)

  it('runs a call with parsed input', async () => {
    expect(await router.call('math.double', { n: 21 }, ctx)).toEqual({ ok: true, value: { n: 42 } })
  })

  it('answers an unknown method with a typed error', async () => {
    const res = await router.call('math.triple', {}, ctx)
    expect(res.ok).toBe(false)
    if (!res.ok) expect(res.error.toJSON()).toMatchObject({ code: 'UNKNOWN_METHOD' })
  })

  it('refuses invalid input with the failing path', async () => {
    const res = await router.call('math.double', { n: 'x' }, ctx)
    expect(res.ok).toBe(false)
    if (!res.ok) {
      expect(res.error.code).toBe('INVALID_INPUT')
      expect(res.error.details).toMatchObject({ issues: [{ path: 'n' }] })
    }
  })

  it('does not let a prototype key pass as a method', async () => {
    const res = await router.call('constructor', {}, ctx)
    expect(res.ok ? 'ok' : res.error.code).toBe('UNKNOWN_METHOD')
  })

  it('catches a handler answering outside its contract', async () => {
    const res = await router.call('math.broken', {}, ctx)
    expect(res.ok ? 'ok' : res.error.code).toBe('INVALID_OUTPUT')
  })

  it('refuses mutating calls unless authorised', async () => {
    const denied = await router.call('cluster.wipe', { id: 'x' }, ctx)
    expect(denied.ok ? 'ok' : denied.error.code).toBe('READ_ONLY')
    const allowing = createRouter(handlers, { authorizeMutation: async () => undefined }, testContract)
    expect(await allowing.call('cluster.wipe', { id: 'x' }, ctx)).toEqual({ ok: true, value: { done: true } })
  })

  it('streams subscription events then ends', async () => {
    const events: unknown[] = []
    await new Promise<void>((resolve, reject) => {
      router.subscribe('count.up', { to: 3 }, { event: (e) => events.push(e), end: resolve, error: reject }, ctx)
    })
    expect(events).toEqual([{ i: 1 }, { i: 2 }, { i: 3 }])
  })

  it('ends a subscription with an error for invalid input, synchronously', () => {
    let code: string | undefined
    router.subscribe(
      'count.up',
      { to: 99 },
      { event: () => undefined, end: () => undefined, error: (e) => (code = e.code) },
      ctx,
    )
    expect(code).toBe('INVALID_INPUT')
  })

  it('aborts the handler when unsubscribed', async () => {
    let aborted = false
    const slow = createRouter(
      {
        ...handlers,
        'count.up': async (_i: unknown, _emit: unknown, signal: AbortSignal) => {
          await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()))
          aborted = signal.aborted
        },
      },
      {},
      testContract,
    )
    const sub = slow.subscribe(
      'count.up',
      { to: 1 },
      { event: () => undefined, end: () => undefined, error: () => undefined },
      ctx,
    )
    sub.unsubscribe()
    await new Promise((r) => setTimeout(r, 10))
    expect(aborted).toBe(true)
  })

  it('never lets a throwing handler escape', async () => {
    const throwing = createRouter(
      { ...handlers, 'math.double': async () => Promise.reject(new Error('boom')) },
      {},
      testContract,
    )
    const res = await throwing.call('math.double', { n: 1 }, ctx)
    expect(res.ok ? 'ok' : res.error.toJSON()).toEqual({ code: 'INTERNAL', message: 'boom' })
  })

  it('reports the original error of a bug in a read that has a deadline, with its stack', async () => {
    const bug = new Error('boom')
    const reported: unknown[] = []
    const throwing = createRouter(
      { ...handlers, 'math.double': async () => Promise.reject(bug) },
      { deadline: () => ({ ms: 1000, component: 'Kafka' }), onError: (_m, err) => reported.push(err) },
      testContract,
    )
    const res = await throwing.call('math.double', { n: 1 }, ctx)
    expect(res.ok ? 'ok' : res.error.code).toBe('INTERNAL')
    expect(reported).toEqual([bug])
  })

  it('answers a read past its deadline with UNAVAILABLE naming the component and since when; mutations have none', async () => {
    let release = (): void => undefined
    const frozen = new Promise<void>((r) => (release = r))
    let slowCalls = 0
    const slow = createRouter(
      {
        ...handlers,
        'math.double': async ({ n }: { n: number }) => {
          slowCalls++
          if (n > 0) await frozen
          return { n: n * 2 }
        },
        'cluster.wipe': async () => {
          await new Promise((r) => setTimeout(r, 80))
          return { done: true }
        },
      },
      {
        deadline: (m) => (m === 'cluster.wipe' || m === 'math.double' ? { ms: 30, component: 'Kafka' } : undefined),
        authorizeMutation: async () => undefined,
      },
      testContract,
    )
    const first = await slow.call('math.double', { n: 1 }, ctx)
    expect(first.ok ? 'ok' : first.error.code).toBe('UNAVAILABLE')
    if (!first.ok)
      expect(first.error.message).toMatch(
        /^Kafka did not answer within 30 ms \(failing since \d\d:\d\d:\d\d UTC, just now\)$/,
      )
    await new Promise((r) => setTimeout(r, 1100))
    const second = await slow.call('math.double', { n: 2 }, ctx)
    expect(second.ok ? 'ok' : second.error.details).toMatchObject({ component: 'Kafka' })
    if (!second.ok) {
      const since = first.ok ? 0 : (first.error.details as { unavailableSince: number }).unavailableSince
      expect((second.error.details as { unavailableSince: number }).unavailableSince).toBe(since)
      expect(second.error.message).toMatch(/failing since .* 1 s ago\)$/)
    }
    release()
    // An answer ends the outage: the next failure starts a new one.
    expect(await slow.call('math.double', { n: 0 }, ctx)).toEqual({ ok: true, value: { n: 0 } })
    expect(slowCalls).toBe(3)
    expect(await slow.call('cluster.wipe', { id: 'x' }, ctx)).toEqual({ ok: true, value: { done: true } })
  })
})
