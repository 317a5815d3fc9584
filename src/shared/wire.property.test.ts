import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { anyValue, jsonLike } from '../../test/fuzz/arbitraries'
import { createWireClient } from './client'
import { errorCodes } from './contract'
import { clientMessageSchema, serverMessageSchema, type ClientMessage } from './wire'

const smallId = fc.oneof(fc.nat(8), fc.integer(), fc.double(), fc.string({ maxLength: 3 }), fc.constant(null))
const apiError = fc.record({ code: fc.constantFrom(...errorCodes), message: fc.string({ maxLength: 20 }) })
const wellFormed = fc.oneof(
  fc.record({ t: fc.constant('result'), id: fc.nat(9), ok: fc.constant(true), value: jsonLike }),
  fc.record({ t: fc.constant('result'), id: fc.nat(9), ok: fc.constant(false), error: apiError }),
  fc.record({ t: fc.constant('event'), id: fc.nat(9), data: jsonLike }),
  fc.record({ t: fc.constant('end'), id: fc.nat(9) }),
  fc.record({ t: fc.constant('error'), id: fc.nat(9), error: apiError }),
)
/** Server messages: well-formed, nearly well-formed (a wrong id, code, or t), and anything. */
const serverMessageLike = fc.oneof(
  wellFormed,
  fc.record(
    {
      t: fc.constantFrom('result', 'event', 'end', 'error', 'call', '__proto__'),
      id: smallId,
      ok: fc.oneof(fc.boolean(), anyValue),
      value: anyValue,
      data: anyValue,
      error: fc.oneof(apiError, anyValue),
    },
    { requiredKeys: ['t'] },
  ),
  anyValue,
)

describe('wire schemas under hostile values', () => {
  it('decode any value to a well-formed client message or reject it, never throwing', () => {
    fc.assert(
      fc.property(anyValue, (raw) => {
        const res = clientMessageSchema.safeParse(raw)
        if (!res.success) return
        expect(['call', 'sub', 'unsub', 'stop']).toContain(res.data.t)
        expect(Number.isSafeInteger(res.data.id) && res.data.id >= 0).toBe(true)
        if (res.data.t === 'call' || res.data.t === 'sub') expect(typeof res.data.method).toBe('string')
      }),
      { numRuns: 2000 },
    )
  })

  it('accept stop next to sub and unsub, with the same ids', () => {
    fc.assert(
      fc.property(fc.nat(), (id) => {
        expect(clientMessageSchema.parse({ t: 'stop', id })).toEqual({ t: 'stop', id })
      }),
    )
    fc.assert(
      fc.property(smallId, (id) => {
        const ok = typeof id === 'number' && Number.isSafeInteger(id) && id >= 0
        expect(clientMessageSchema.safeParse({ t: 'stop', id }).success).toBe(ok)
      }),
    )
  })

  it('decode any value to a well-formed server message or reject it, never throwing', () => {
    fc.assert(
      fc.property(serverMessageLike, (raw) => {
        const res = serverMessageSchema.safeParse(raw)
        if (!res.success) return
        expect(Number.isSafeInteger(res.data.id) && res.data.id >= 0).toBe(true)
        if (res.data.t === 'error' || (res.data.t === 'result' && !res.data.ok)) {
          expect(errorCodes).toContain(res.data.error.code)
        }
      }),
      { numRuns: 2000 },
    )
  })

  it('a well-formed message survives JSON unchanged', () => {
    fc.assert(
      fc.property(
        fc.record({ t: fc.constantFrom('call', 'sub'), id: fc.nat(), method: fc.string(), input: jsonLike }),
        (msg) => {
          const wire = JSON.parse(JSON.stringify(msg)) as unknown
          const res = clientMessageSchema.safeParse(wire)
          expect(res.success).toBe(msg.method.length <= 200)
          if (res.success) expect(JSON.stringify(res.data)).toBe(JSON.stringify(wire))
        },
      ),
    )
  })
})

describe('WireClient.receive under hostile server messages', () => {
  it('never throws, and settles a call or feeds a subscription only from a well-formed message with its id', async () => {
    let delivered = 0
    await fc.assert(
      fc.asyncProperty(fc.array(serverMessageLike, { minLength: 1, maxLength: 30 }), async (messages) => {
        const sent: ClientMessage[] = []
        const client = createWireClient((m) => sent.push(m))
        const settled = new Map<number, number>()
        const callIds: number[] = []
        const subIds: number[] = []
        const subLog: Array<{ id: number; kind: 'event' | 'end' | 'error' }> = []
        // ids 1..4 are calls, 5..8 subscriptions: the generated ids (0..8) hit both and neither.
        for (let i = 0; i < 4; i++) {
          ;(client.call as (m: string, i: unknown) => Promise<unknown>)('app.info', {}).then(
            () => settled.set(callIds[i] as number, (settled.get(callIds[i] as number) ?? 0) + 1),
            () => settled.set(callIds[i] as number, (settled.get(callIds[i] as number) ?? 0) + 1),
          )
          callIds.push((sent.at(-1) as { id: number }).id)
        }
        for (let i = 0; i < 4; i++) {
          ;(client.subscribe as (m: string, i: unknown, h: object) => unknown)(
            'lag.watch',
            { id: 'local' },
            {
              event: () => subLog.push({ id: subIds[i] as number, kind: 'event' }),
              end: () => subLog.push({ id: subIds[i] as number, kind: 'end' }),
              error: () => subLog.push({ id: subIds[i] as number, kind: 'error' }),
            },
          )
          subIds.push((sent.at(-1) as { id: number }).id)
        }

        const expectedSettled = new Set<number>()
        const expectedSub: Array<{ id: number; kind: 'event' | 'end' | 'error' }> = []
        const closedSubs = new Set<number>()
        for (const raw of messages) {
          expect(() => client.receive(raw)).not.toThrow()
          const res = serverMessageSchema.safeParse(raw)
          if (!res.success) continue
          const msg = res.data
          if (msg.t === 'result') {
            if (callIds.includes(msg.id)) expectedSettled.add(msg.id)
          } else if (subIds.includes(msg.id) && !closedSubs.has(msg.id)) {
            expectedSub.push({ id: msg.id, kind: msg.t })
            if (msg.t !== 'event') closedSubs.add(msg.id)
          }
        }
        // Subscriptions are synchronous: exactly the well-formed messages for open ids, in order.
        expect(subLog).toEqual(expectedSub)
        await new Promise((resolve) => setTimeout(resolve, 0))
        expect([...settled.keys()].sort()).toEqual([...expectedSettled].sort())
        for (const n of settled.values()) expect(n).toBe(1)
        delivered += settled.size + subLog.length
      }),
      { numRuns: 300 },
    )
    // The generator does reach the handlers: the property is not vacuous.
    expect(delivered).toBeGreaterThan(100)
  })
})
