import { randomHex } from './seeded-random'

/** The envelope every demo event carries (DESIGN.md). */
export interface Envelope {
  type: string
  eventId: string
  orderId: string
  occurredAt: string
  causationId: string | null
  [field: string]: unknown
}

export function uuid(rand: () => number): string {
  const h = randomHex(rand, 16)
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`
}

export function newTraceparent(rand: () => number): string {
  return `00-${randomHex(rand, 16)}-${randomHex(rand, 8)}-01`
}

/** Same trace, new span. */
export function childTraceparent(parent: string | undefined, rand: () => number): string {
  const traceId = parent && /^00-[0-9a-f]{32}-/.test(parent) ? parent.slice(3, 35) : randomHex(rand, 16)
  return `00-${traceId}-${randomHex(rand, 8)}-01`
}

export function envelope(
  type: string,
  orderId: string,
  causationId: string | null,
  rand: () => number,
  payload: Record<string, unknown>,
): Envelope {
  return { type, eventId: uuid(rand), orderId, occurredAt: new Date().toISOString(), causationId, ...payload }
}

export function record(key: string, value: Envelope, traceparent: string) {
  return { key, value: JSON.stringify(value), headers: { 'event-type': value.type, traceparent } }
}
