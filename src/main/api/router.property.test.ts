import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { anyValue, methodName } from '../../../test/fuzz/arbitraries'
import { fieldPaths, validInputs, withField } from '../../../test/fuzz/contract-samples'
import { contract, isMethodName, methodNames, type ApiErrorCode, type MethodName } from '../../shared/contract'
import { serverMessageSchema, type ServerMessage } from '../../shared/wire'
import { Connection } from './connection'
import { createRouter, type Handlers, type SubscriptionSink } from './router'

const ctx = { transport: 'test' } as const

/** Handlers that answer at once and record every input they were given. */
function recordingHandlers(): {
  handlers: Handlers<typeof contract>
  calls: Array<{ method: MethodName; input: unknown }>
} {
  const calls: Array<{ method: MethodName; input: unknown }> = []
  const handlers = Object.fromEntries(
    methodNames.map((method) => [
      method,
      contract[method].kind === 'call'
        ? async (input: unknown) => {
            calls.push({ method, input })
            return {}
          }
        : async (input: unknown) => {
            calls.push({ method, input })
          },
    ]),
  ) as unknown as Handlers<typeof contract>
  return { handlers, calls }
}

function setup() {
  const { handlers, calls } = recordingHandlers()
  const internal: unknown[] = []
  const router = createRouter(handlers, { onError: (_m, err) => internal.push(err) })
  return { router, calls, internal }
}

const isCall = (m: string): boolean => isMethodName(m) && contract[m].kind === 'call'
const isSubscription = (m: string): boolean => isMethodName(m) && contract[m].kind === 'subscription'
const validFor = (m: string, input: unknown): boolean =>
  isMethodName(m) && contract[m].input.safeParse(input ?? {}).success

/** Valid samples, the same with one field replaced, and anything at all. */
const inputFor = (method: string) => {
  const sample = isMethodName(method) ? validInputs[method] : {}
  const paths = fieldPaths(sample)
  return fc.oneof(
    fc.constant(sample),
    paths.length > 0
      ? fc.tuple(fc.constantFrom(...paths), anyValue).map(([p, v]) => withField(sample, p, v))
      : fc.constant(sample),
    anyValue,
  )
}
const methodAndInput = methodName.chain((method) => inputFor(method).map((input) => ({ method, input })))

describe('router under hostile method names and inputs', () => {
  it('answers every call with a value or a typed refusal, never INTERNAL, and runs handlers only on valid input', async () => {
    await fc.assert(
      fc.asyncProperty(methodAndInput, async ({ method, input }) => {
        const { router, calls, internal } = setup()
        const res = await router.call(method, input, ctx)
        const expected: ApiErrorCode | 'ok' = !isCall(method)
          ? 'UNKNOWN_METHOD'
          : !validFor(method, input)
            ? 'INVALID_INPUT'
            : isMethodName(method) && contract[method].kind === 'call' && contract[method].mutates
              ? 'READ_ONLY'
              : 'ok'
        expect(res.ok ? 'ok' : res.error.code).toBe(expected)
        expect(internal).toEqual([])
        if (expected === 'ok') {
          expect(calls).toHaveLength(1)
          expect(calls[0]?.method).toBe(method)
          expect(contract[method as MethodName].input.safeParse(calls[0]?.input).success).toBe(true)
        } else expect(calls).toEqual([])
      }),
      { numRuns: 1500 },
    )
  })

  it('starts a subscription only for a subscription name and a valid input; refuses the rest synchronously', async () => {
    await fc.assert(
      fc.asyncProperty(methodAndInput, async ({ method, input }) => {
        const { router, calls, internal } = setup()
        const outcome: { code?: ApiErrorCode; ended?: boolean } = {}
        const sink: SubscriptionSink = {
          event: () => undefined,
          end: () => (outcome.ended = true),
          error: (e) => (outcome.code = e.code),
        }
        const sub = router.subscribe(method, input, sink, ctx)
        const valid = isSubscription(method) && validFor(method, input)
        if (!valid) {
          // Refused before subscribe returned: a client never sees a half-started stream.
          expect(outcome.code).toBe(isSubscription(method) ? 'INVALID_INPUT' : 'UNKNOWN_METHOD')
          expect(calls).toEqual([])
        } else {
          await Promise.resolve()
          expect(calls).toHaveLength(1)
          expect(contract[method as MethodName].input.safeParse(calls[0]?.input).success).toBe(true)
        }
        sub.unsubscribe()
        expect(internal).toEqual([])
      }),
      { numRuns: 1000 },
    )
  })
})

describe('a client session under hostile messages', () => {
  it('answers a malformed message with an id above 2^53 with a well-formed reply (the wire carries safe integers only)', () => {
    const { router } = setup()
    const sent: ServerMessage[] = []
    new Connection(router, (m) => sent.push(m), ctx).receive({
      t: 'call',
      id: 2 ** 53,
      method: 'app.info',
      input: {},
    })
    expect(sent).toHaveLength(1)
    expect(serverMessageSchema.safeParse(sent[0]).success).toBe(true)
  })

  const message = fc.oneof(
    anyValue,
    fc.record({
      t: fc.constantFrom('call', 'sub', 'unsub', 'result', '__proto__', 'constructor'),
      id: fc.oneof(fc.nat(5), fc.integer(), fc.double(), fc.string(), fc.constant(null)),
      method: methodName,
      input: anyValue,
    }),
    methodAndInput.chain(({ method, input }) =>
      fc.record({
        t: fc.constantFrom('call', 'sub'),
        id: fc.nat(5),
        method: fc.constant(method),
        input: fc.constant(input),
      }),
    ),
  )

  it('answers every message with a well-formed server message and never throws', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(message, { minLength: 1, maxLength: 20 }), async (messages) => {
        const { router, calls, internal } = setup()
        const sent: ServerMessage[] = []
        const session = new Connection(router, (m) => sent.push(JSON.parse(JSON.stringify(m)) as ServerMessage), ctx)
        for (const m of messages) session.receive(m)
        await new Promise((resolve) => setTimeout(resolve, 0))
        for (const m of sent) expect(serverMessageSchema.safeParse(m).success).toBe(true)
        for (const c of calls) expect(contract[c.method].input.safeParse(c.input).success).toBe(true)
        const codes = sent.map((m) => (m.t === 'error' || (m.t === 'result' && !m.ok) ? m.error.code : 'ok'))
        expect(codes).not.toContain('INTERNAL')
        expect(internal).toEqual([])
        session.close()
        expect(session.subscriptionCount).toBe(0)
      }),
      { numRuns: 500 },
    )
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined()
  })
})
