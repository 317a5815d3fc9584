import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseJsonExact } from './exact-json'

describe('parseJsonExact', () => {
  it('keeps integers beyond 2^53 exact, as decimal strings', () => {
    expect(parseJsonExact('{"orderId": 9007199254740993, "n": -9223372036854775808, "ok": 9007199254740991}')).toEqual({
      orderId: '9007199254740993',
      n: '-9223372036854775808',
      ok: 9007199254740991,
    })
    expect(parseJsonExact('[18446744073709551615]')).toEqual(['18446744073709551615'])
  })

  it('leaves strings, doubles and exponents as JSON.parse reads them', () => {
    const text =
      '{"s": "9007199254740993 \\" 12345678901234567890", "d": 12345678901234567.5, "e": 1234567890123456789e2}'
    expect(parseJsonExact(text)).toEqual(JSON.parse(text))
  })

  it('throws on what JSON.parse throws on', () => {
    expect(() => parseJsonExact('{"a": 12345678901234567890')).toThrow(SyntaxError)
    expect(() => parseJsonExact('{"a": 1')).toThrow(SyntaxError)
    // Leading zeros are not JSON, however long the number.
    expect(() => parseJsonExact('{"a": 00009007199254740993}')).toThrow(SyntaxError)
    expect(() => parseJsonExact('[-09007199254740993]')).toThrow(SyntaxError)
  })

  it('reads a million-digit integer as its digits, without a big-integer parse', () => {
    const digits = '7'.repeat(1_000_000)
    expect(parseJsonExact(`[${digits}]`)).toEqual([digits])
  })

  it('equals JSON.parse but for unsafe integers, which come back as the digits written', () => {
    // JSON.stringify writes integers below 1e21 in full and larger ones with an exponent (a double).
    const expected = (_: string, v: unknown) =>
      typeof v === 'number' && Number.isInteger(v) && !Number.isSafeInteger(v) && Math.abs(v) < 1e21 ? String(v) : v
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = JSON.stringify(v)
        expect(parseJsonExact(text)).toEqual(JSON.parse(text, expected))
      }),
      { numRuns: 500 },
    )
  })

  it('reads back any 64-bit integer exactly', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 64n }), (b) => {
        const v = parseJsonExact(`{"x":${b}}`) as { x: number | string }
        expect(BigInt(v.x)).toBe(b)
        expect(typeof v.x).toBe(Number.isSafeInteger(Number(b)) && BigInt(Number(b)) === b ? 'number' : 'string')
      }),
    )
  })
})
