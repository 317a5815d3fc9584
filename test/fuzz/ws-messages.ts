import fc from 'fast-check'
import { contract, isMethodName, methodNames, type MethodName } from '../../src/shared/contract'
import { anyValue, methodName, prototypeNames } from './arbitraries'
import { fieldMutations, validInputs } from './contract-samples'

/** One frame to send: text (valid JSON or not) or binary. */
export type Frame = { kind: 'text'; data: string; label: string } | { kind: 'binary'; data: Buffer; label: string }

/**
 * Methods whose valid input would change something: a fuzz run sends them only inputs their schema
 * refuses (jobs.action acts on the shared Flink cluster; a saved profile would make later calls
 * connect somewhere).
 */
const NEVER_VALID: ReadonlySet<MethodName> = new Set(['jobs.action', 'profiles.save', 'lag.setRules'])

/** Would this message run a handler that changes state? */
export function isUnsafe(msg: unknown): boolean {
  const m = msg as { t?: unknown; method?: unknown; input?: unknown } | null
  if (!m || typeof m.method !== 'string' || !isMethodName(m.method)) return false
  if (!NEVER_VALID.has(m.method)) return false
  return contract[m.method].input.safeParse(m.input ?? {}).success
}

const tOf = (method: string): 'call' | 'sub' =>
  isMethodName(method) && contract[method].kind === 'subscription' ? 'sub' : 'call'

/** The messages of a fuzz run, in sending order; deterministic for a seed. Ids are set at send time. */
export function fuzzFrames(seed: number, atLeast: number): Frame[] {
  const frames: Frame[] = []
  const json = (msg: unknown, label: string): void => {
    if (isUnsafe(msg)) return
    frames.push({ kind: 'text', data: JSON.stringify(msg) ?? 'undefined', label })
  }

  // Every input field of every method, with each wrong type and missing.
  for (const { method, input } of fieldMutations()) json({ t: tOf(method), id: 0, method, input }, 'wrong-type field')

  envelopeFrames(json, frames)
  rawFrames(seed, frames)

  // Unsubscribes of ids never used.
  for (const id of [0, 1, 2 ** 31, 2 ** 53 - 1]) json({ t: 'unsub', id }, 'stray unsub')

  // Then generated messages until the run has its count.
  const generated = fc.oneof(
    anyValue,
    fc.record({
      t: fc.constantFrom('call', 'sub', 'unsub', 'stop'),
      id: fc.oneof(fc.nat(), fc.double(), fc.string()),
      method: methodName,
      input: anyValue,
    }),
  )
  let runSeed = seed
  while (frames.length < atLeast) {
    for (const msg of fc.sample(generated, { numRuns: 1000, seed: runSeed++ })) json(msg, 'generated')
  }
  return frames
}

type Json = (msg: unknown, label: string) => void

/** The envelope itself wrong (ids, kinds, methods of the other kind), prototype names and __proto__ payloads. */
function envelopeFrames(json: Json, frames: Frame[]): void {
  // The envelope itself wrong: ids, kinds, methods of the other kind.
  const badIds: unknown[] = [-1, 1.5, '1', null, [], {}, 2 ** 53, Number.MAX_VALUE]
  for (const method of methodNames) {
    const input = validInputs[method]
    for (const id of badIds) json({ t: tOf(method), id, method, input }, 'bad id')
    json({ t: tOf(method) === 'call' ? 'sub' : 'call', id: 0, method, input }, 'wrong kind')
    for (const t of ['CALL', 'subscribe', '', null, '__proto__']) json({ t, id: 0, method, input }, 'bad t')
    json({ t: tOf(method), id: 0, method, input: JSON.parse('{"__proto__":{"admin":true}}') }, '__proto__ input')
  }

  // Unknown and prototype-named methods, both kinds.
  for (const name of [...prototypeNames, 'Object', 'eval', 'app', 'app.', '.info', 'app.info\u0000', '']) {
    for (const t of ['call', 'sub'] as const) {
      json({ t, id: 0, method: name, input: {} }, 'prototype method')
      json({ t, id: 0, method: `${name}.${name}`, input: null }, 'prototype method')
    }
  }

  // __proto__ and constructor payloads at the top of the message.
  for (const raw of [
    '{"__proto__":{"t":"call","method":"app.info"},"id":1}',
    '{"t":"call","id":1,"method":"app.info","input":{},"__proto__":{"polluted":true}}',
    '{"t":"call","id":1,"method":"__proto__","input":{"__proto__":null}}',
    '{"constructor":{"prototype":{"polluted":true}},"t":"sub","id":2,"method":"lag.watch"}',
    '{"t":"unsub","id":{"__proto__":1}}',
  ]) {
    frames.push({ kind: 'text', data: raw, label: '__proto__ message' })
  }
}

/** Deep nesting, text that is not JSON or is cut short, and binary frames. */
function rawFrames(seed: number, frames: Frame[]): void {
  // Deep nesting, as JSON text the host must parse and refuse.
  for (const depth of [10_000, 100_000, 500_000]) {
    frames.push({ kind: 'text', data: `${'['.repeat(depth)}${']'.repeat(depth)}`, label: 'deep array' })
  }
  for (const depth of [10_000, 100_000]) {
    const nested = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`
    frames.push({
      kind: 'text',
      data: `{"t":"call","id":1,"method":"trace.find","input":${nested}}`,
      label: 'deep input',
    })
  }

  // Not JSON at all, and JSON cut short.
  const sample = JSON.stringify({ t: 'call', id: 1, method: 'app.info', input: {} })
  for (let i = 0; i < sample.length; i++)
    frames.push({ kind: 'text', data: sample.slice(0, i), label: 'truncated JSON' })
  for (const s of fc.sample(fc.string({ maxLength: 200, unit: 'binary' }), { numRuns: 1500, seed })) {
    frames.push({ kind: 'text', data: s, label: 'random text' })
  }

  // Binary frames: noise, and a valid message sent as binary.
  for (const bytes of fc.sample(fc.uint8Array({ maxLength: 512 }), { numRuns: 500, seed })) {
    frames.push({ kind: 'binary', data: Buffer.from(bytes), label: 'binary' })
  }
  frames.push({ kind: 'binary', data: Buffer.from(sample), label: 'binary' })
}
