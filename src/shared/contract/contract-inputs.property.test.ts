import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { anyValue } from '../../../test/fuzz/arbitraries'
import { fieldMutations, fieldPaths, validInputs, withField } from '../../../test/fuzz/contract-samples'
import { contract, methodNames, type MethodName } from './index'

const schemaOf = (method: MethodName): z.ZodType => contract[method].input

/** What a transport does to a parsed input: it must parse again to the same wire form. */
function expectStableOverJson(schema: z.ZodType, parsed: unknown): void {
  const wire = JSON.stringify(parsed)
  const again = schema.safeParse(JSON.parse(wire))
  expect(again.success).toBe(true)
  expect(JSON.stringify(again.data)).toBe(wire)
}

/** Parsed, or rejected with issues; a throw fails the property. */
function parseOrReject(method: MethodName, input: unknown): z.ZodSafeParseResult<unknown> {
  const result = schemaOf(method).safeParse(input)
  if (!result.success) expect(result.error.issues.length).toBeGreaterThan(0)
  return result
}

describe('contract inputs under hostile values', () => {
  it('has a valid sample for every method, and each survives a JSON round-trip', () => {
    expect(Object.keys(validInputs).sort()).toEqual([...methodNames].sort())
    for (const method of methodNames) {
      const parsed = schemaOf(method).safeParse(validInputs[method])
      expect(parsed.success, `${method}: ${parsed.error?.message}`).toBe(true)
      expectStableOverJson(schemaOf(method), parsed.data)
    }
  })

  it.each(methodNames)('%s: any value is parsed or rejected, never a crash', (method) => {
    fc.assert(
      fc.property(anyValue, (input) => {
        const result = parseOrReject(method, input)
        if (result.success) expectStableOverJson(schemaOf(method), result.data)
      }),
      { numRuns: 300 },
    )
  })

  it.each(methodNames)('%s: any value in any field of a valid input is parsed or rejected', (method) => {
    const sample = validInputs[method]
    const paths = fieldPaths(sample)
    if (paths.length === 0) return
    fc.assert(
      fc.property(fc.constantFrom(...paths), anyValue, (path, value) => {
        const result = parseOrReject(method, withField(sample, path, value))
        if (result.success) expectStableOverJson(schemaOf(method), result.data)
      }),
      { numRuns: 300 },
    )
  })

  it('rejects a wrong type in every required field of every method', () => {
    let rejected = 0
    let accepted = 0
    for (const { method, input } of fieldMutations()) {
      const result = parseOrReject(method, input)
      if (result.success) {
        accepted++
        expectStableOverJson(schemaOf(method), result.data)
      } else rejected++
    }
    // Some mutations are valid (an optional field removed, a number where a union allows one).
    expect(rejected).toBeGreaterThan(accepted)
  })

  it('never copies a __proto__ key onto the parsed value or Object.prototype', () => {
    for (const method of methodNames) {
      const hostile = JSON.parse(`{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}`)
      const result = schemaOf(method).safeParse(Object.assign(hostile, validInputs[method]))
      if (result.success) {
        expect(Object.getPrototypeOf(result.data)).toBe(Object.prototype)
        expect((result.data as { polluted?: unknown }).polluted).toBeUndefined()
      }
    }
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined()
  })
})
