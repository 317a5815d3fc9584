import fc from 'fast-check'
import { methodNames } from '../../src/shared/contract'

/** Names that exist on every object: a lookup by `obj[name]` finds them without an own key. */
export const prototypeNames = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'isPrototypeOf',
  '__defineGetter__',
  '__lookupGetter__',
  'toLocaleString',
] as const

/** Object keys: anything, often a prototype name. */
export const hostileKey = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.constantFrom(...prototypeNames) },
)

/** Method names: real ones, prototype names, near misses and noise. */
export const methodName = fc.oneof(
  fc.constantFrom(...methodNames),
  fc.constantFrom(...prototypeNames),
  fc.constantFrom(...methodNames).map((m) => `${m} `),
  fc.constantFrom(...methodNames).map((m) => m.toUpperCase()),
  fc.string({ maxLength: 40 }),
  fc.string({ minLength: 190, maxLength: 260 }),
)

/** What JSON.parse can produce, with own `__proto__`-style keys. */
export const jsonLike = fc
  .jsonValue({ maxDepth: 4 })
  .chain((base) =>
    fc.oneof(
      fc.constant(base),
      fc.dictionary(hostileKey, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 }),
      fc.constant(JSON.parse(`{"__proto__":${JSON.stringify(base) ?? 'null'}}`) as unknown),
    ),
  )

/** Anything a transport might hand over, including objects without a prototype. */
export const anyValue = fc.oneof(
  jsonLike,
  fc.anything({ key: hostileKey, maxDepth: 4, withNullPrototype: true, withSparseArray: true }),
)
