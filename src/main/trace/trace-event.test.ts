import { describe, expect, it } from 'vitest'
import { traceMapSchema, traceUpdateSchema, type TraceEvent } from '../../shared/contract/trace'
import type { RawRecord } from '../kafka/partition-source'
import { demoTraceMap } from './demo-trace-map'
import {
  MAX_DEPTH,
  MAX_HEADER_VALUE_CHARS,
  MAX_HEADERS,
  MAX_KEY_CHARS,
  MAX_PREVIEW_CHARS,
  SPENT_PREVIEW_CHARS,
} from './event-bounds'
import { envelopeReader } from './trace-event'
import { decodeRecord } from './value-decoder'

const MB = 1024 * 1024
const toEvent = envelopeReader(traceMapSchema.parse(demoTraceMap))

function raw(
  value: Buffer | string | null,
  headers: [string, Buffer | string | null][] = [],
  key = 'ord-1',
): RawRecord {
  const v = typeof value === 'string' ? Buffer.from(value) : value
  const h = headers.map(([k, b]): [string, Buffer | null] => [k, typeof b === 'string' ? Buffer.from(b) : b])
  const k = Buffer.from(key)
  const size = k.length + (v?.length ?? 0) + h.reduce((n, [name, b]) => n + name.length + (b?.length ?? 0), 0)
  return { topic: 'orders', partition: 0, offset: 7, timestamp: 1, key: k, value: v, headers: h, size, aborted: false }
}

/** Decodes and builds the event as a trace does, then sends it over the wire as the host does. */
async function traced(r: RawRecord): Promise<{ event: TraceEvent; wire: string; received: TraceEvent }> {
  const event = toEvent(r, await decodeRecord(r, undefined), 'orderId=ord-1 (key)')
  const wire = JSON.stringify({ kind: 'events', events: [event] })
  const update = traceUpdateSchema.parse(JSON.parse(wire))
  if (update.kind !== 'events') throw new Error('not an events update')
  return { event, wire, received: update.events[0]! }
}

function depthOf(v: unknown): number {
  let depth = 0
  for (let level: unknown[] = [v]; level.length; depth++) {
    level = level.flatMap((x) => (x !== null && typeof x === 'object' ? Object.values(x) : []))
  }
  return depth - 1
}

const envelope = { type: 'OrderCreated', eventId: 'ev-1', causationId: 'ev-0', orderId: 'ord-1', occurredAt: 1000 }

describe('trace events of hostile records', () => {
  it('keeps a 10 MB JSON value to a bounded preview, says so, and reads the envelope from the full value', async () => {
    const big = JSON.stringify({ ...envelope, lines: Array.from({ length: 500_000 }, (_, i) => ({ sku: `sku-${i}` })) })
    expect(big.length).toBeGreaterThan(10_000_000)
    const { event, wire, received } = await traced(raw(big))
    expect(wire.length).toBeLessThan(MAX_PREVIEW_CHARS + 64 * 1024)
    expect(received).toMatchObject({
      valueFormat: 'json',
      type: 'OrderCreated',
      eventId: 'ev-1',
      causationId: 'ev-0',
      occurredAt: 1000,
      size: big.length + 5,
    })
    expect(received.value).toMatchObject(envelope)
    expect(event.truncation?.value).toMatch(/^value of [\d,]+ bytes: cut to about 256 KiB of JSON/)
  })

  it('cuts a 10 MB text value and a 10 MB binary value to a prefix, marked', async () => {
    const text = await traced(raw('x'.repeat(10 * MB)))
    expect(text.received.valueFormat).toBe('text')
    expect(text.received.value).toBe('x'.repeat(MAX_PREVIEW_CHARS))
    expect(text.received.truncation?.value).toContain(`value of ${(10 * MB).toLocaleString('en-US')} bytes`)
    const bytes = Buffer.alloc(10 * MB, 0xff)
    const binary = await traced(raw(bytes))
    expect(binary.received).toMatchObject({ valueFormat: 'binary', decodeError: 'not UTF-8 text' })
    const shown = binary.received.value as string
    expect(shown.length).toBeLessThanOrEqual(MAX_PREVIEW_CHARS)
    // Still valid base64: of the value's first bytes.
    expect(Buffer.from(shown, 'base64').equals(bytes.subarray(0, (shown.length / 4) * 3))).toBe(true)
    expect(binary.received.truncation?.value).toMatch(/base64/)
  })

  it('cuts one huge string inside a JSON value, and the envelope is still read', async () => {
    const { received } = await traced(raw(JSON.stringify({ ...envelope, note: 'n'.repeat(10 * MB) })))
    expect(received.type).toBe('OrderCreated')
    const note = (received.value as { note: string }).note
    expect(note.length).toBeLessThan(MAX_PREVIEW_CHARS)
    expect(note.endsWith('…')).toBe(true)
    expect(received.truncation?.value).toBeDefined()
  })

  it('sends 100 000-deep arrays and objects over the wire, cut below the depth cap', async () => {
    const n = 100_000
    for (const value of [
      '['.repeat(n) + ']'.repeat(n),
      `{"type":"OrderCreated","eventId":"ev-9","a":${'{"a":'.repeat(n)}1${'}'.repeat(n)}}`,
    ]) {
      const { received } = await traced(raw(value))
      expect(received.valueFormat).toBe('json')
      expect(depthOf(received.value)).toBeLessThanOrEqual(MAX_DEPTH + 1)
      expect(JSON.stringify(received.value)).toContain(`nested deeper than ${MAX_DEPTH} levels`)
      expect(received.truncation?.value).toContain(`nested deeper than ${MAX_DEPTH} levels`)
    }
    const { received } = await traced(raw(`{"type":"OrderCreated","a":${'['.repeat(n)}${']'.repeat(n)}}`))
    expect(received.type).toBe('OrderCreated')
  })

  it('shows __proto__, constructor, empty and repeated header names as plain keys, after the wire too', async () => {
    const { event, received } = await traced(
      raw(JSON.stringify(envelope), [
        ['__proto__', '{"polluted":true}'],
        ['constructor', 'c'],
        ['toString', 't'],
        ['', 'empty name'],
        ['event-type', 'OrderCreated'],
        ['event-type', 'OrderCreatedAgain'],
        ['nullish', null],
      ]),
    )
    for (const headers of [event.headers, received.headers]) {
      expect(Object.getPrototypeOf(headers)).toBe(Object.prototype)
      expect(headers).toEqual({
        '__proto__ [1]': '{"polluted":true}',
        constructor: 'c',
        toString: 't',
        '': 'empty name',
        'event-type': 'OrderCreated',
        'event-type [2]': 'OrderCreatedAgain',
        nullish: '',
      })
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(received.truncation?.headers).toContain('shown as "name [n]"')
  })

  it('marks header values that are not UTF-8 text as base64', async () => {
    const bad = Buffer.from([0xc3, 0x28, 0xff, 0x00])
    const { received } = await traced(
      raw('{}', [
        ['bad', bad],
        ['ctl', '\u0001x'],
        ['ok', 'héllo'],
      ]),
    )
    expect(received.headers).toEqual({
      bad: `base64:${bad.toString('base64')}`,
      ctl: `base64:${Buffer.from('\u0001x').toString('base64')}`,
      ok: 'héllo',
    })
  })

  it('caps 10 000 headers and 1 MB header values, saying how many were dropped and cut', async () => {
    const many: [string, string][] = Array.from({ length: 10_000 }, (_, i) => [`h${i}`, `v${i}`])
    const { received, wire } = await traced(raw(JSON.stringify(envelope), [['huge', 'y'.repeat(MB)], ...many]))
    expect(Object.keys(received.headers)).toHaveLength(MAX_HEADERS)
    expect(received.headers.huge!.length).toBeLessThanOrEqual(MAX_HEADER_VALUE_CHARS + 1)
    expect(received.headers.huge!.endsWith('…')).toBe(true)
    expect(received.truncation?.headers).toContain(`10,001 headers: the first ${MAX_HEADERS} shown`)
    expect(received.truncation?.headers).toContain('1 value cut')
    expect(wire.length).toBeLessThan(128 * 1024)
  })

  it('cuts a huge key for display, saying so', async () => {
    const { received } = await traced(raw('{}', [], 'k'.repeat(MB)))
    expect(received.key!.length).toBeLessThanOrEqual(MAX_KEY_CHARS + 1)
    expect(received.truncation?.key).toContain(`key of ${MB.toLocaleString('en-US')} characters`)
  })

  it('says nothing about truncation when nothing was cut', async () => {
    const { received } = await traced(raw(JSON.stringify(envelope), [['event-type', 'OrderCreated']]))
    expect(received.truncation).toBeUndefined()
    expect(received.value).toEqual(envelope)
  })

  it('cuts events short once a trace has shown its budget, and says why', async () => {
    const reader = envelopeReader(traceMapSchema.parse(demoTraceMap), MB)
    const r = raw('x'.repeat(300 * 1024), [['trace', 'y'.repeat(20 * 1024)]])
    const d = await decodeRecord(r, undefined)
    const events = Array.from({ length: 6 }, () => reader(r, d, 'orderId=ord-1 (key)'))
    // 256 KiB of value and 8 KiB of header each: four fill the budget.
    expect(events.map((e) => (e.value as string).length)).toEqual([
      ...Array(4).fill(MAX_PREVIEW_CHARS),
      SPENT_PREVIEW_CHARS,
      SPENT_PREVIEW_CHARS,
    ])
    expect(events[4]!.headers.trace!.length).toBe(SPENT_PREVIEW_CHARS + 1)
    expect(events[4]!.truncation?.value).toContain('(this trace already shows 1 MiB of records)')
    expect(events[3]!.truncation?.value).not.toContain('this trace')
  })
})
