import type { MethodName } from '../../src/shared/contract'

/**
 * One valid input per contract method, for hostile-input tests: they mutate these field by
 * field. Typed by method name, so a new method without a sample does not compile. The profile
 * id names no profile, so that a sample which reaches its handler fails fast with NOT_FOUND
 * instead of touching a cluster.
 */
export const FUZZ_PROFILE_ID = 'fuzz-nowhere'
const id = FUZZ_PROFILE_ID
const jid = '0123456789abcdef0123456789abcdef'

export const validInputs: Record<MethodName, Record<string, unknown>> = {
  'app.info': {},
  'profiles.list': {},
  'profiles.save': {
    profile: {
      id,
      name: 'Fuzz',
      environment: 'dev',
      readOnly: true,
      kafka: {
        brokers: ['127.0.0.1:1'],
        clientId: 'fuzz',
        sasl: { mechanism: 'plain', username: 'u' },
        tls: { enabled: false, rejectUnauthorized: true },
        connectionTimeoutMs: 100,
        requestTimeoutMs: 100,
      },
      flink: { url: 'http://127.0.0.1:1', auth: { type: 'basic', username: 'u' }, timeoutMs: 100 },
      schemaRegistry: { url: 'http://127.0.0.1:1' },
      trace: {
        entity: 'order',
        rootKind: 'orderId',
        topics: [{ topic: 'orders', ids: [{ from: 'key', kind: 'orderId' }], links: [] }],
        flow: { steps: [{ type: 'OrderCreated', withinMs: 1000 }], terminal: [] },
      },
    },
    secrets: { kafkaPassword: 'p' },
  },
  'profiles.remove': { id },
  'profiles.setActive': { id },
  'profiles.setReadOnly': { id, readOnly: false, confirm: 'Local demo' },
  'profiles.test': { id },
  'health.watch': { id, intervalMs: 60_000 },
  'health.status': { id },
  'health.overview': {},
  'timeline.get': { id, subject: 'g', rangeMs: 60_000 },
  'watch.set': { id, entityId: 'ord-fuzz-1', on: false },
  'watch.list': { id },
  'alerts.list': { limit: 5 },
  'alerts.ack': { key: 'fuzz|none|x' },
  'alerts.snooze': { key: 'fuzz|none|x', for: '15m' },
  'alerts.override': {
    override: { profileId: id, ruleId: 'lag-verdict', subject: 'g', enabled: false, forSeconds: 5 },
    remove: true,
  },
  'alerts.events': {},
  'flink.cluster': { id },
  'checkpoints.get': { id, job: 'order-service', limit: 10 },
  'jobs.detail': { id, job: 'order-service' },
  'jobs.action': { id, jid, action: 'savepoint', targetDirectory: '/tmp/fuzz' },
  'checkpoints.detail': { id, jid, checkpointId: 1 },
  'trace.run': {
    id,
    entityId: 'o-1',
    since: '-15m',
    until: 0,
    topics: ['orders'],
    includeAborted: false,
    fullScan: false,
    follow: false,
  },
  'trace.find': {
    id,
    topics: ['orders'],
    last: '10m',
    type: 'OrderCreated',
    text: 'x',
    field: { path: '$.orderId', equals: 'o-1' },
    limit: 5,
  },
  'trace.suggest': { id, topics: ['orders'] },
  'lag.groups': { id },
  'lag.group': { id, group: 'g' },
  'lag.describe': { id, group: 'g' },
  'lag.history': { id, group: 'g', rangeMs: 60_000 },
  'lag.watch': { id },
  'lag.setRules': { id, group: 'g', rules: { lagSecondsAbove: 1, forSeconds: 1, verdictNotOk: true } },
}

/** Values of every JSON type, and a few that only look like one, to put where a field belongs. */
export const wrongTypeValues: readonly unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  1e308,
  '',
  ' ',
  'x'.repeat(5000),
  '__proto__',
  [],
  [null],
  {},
  JSON.parse('{"__proto__":{"polluted":true}}'),
  { constructor: { prototype: { polluted: true } } },
]

/** Every path to a field (object key or array item) in a JSON value, deepest last. */
export function fieldPaths(value: unknown, prefix: ReadonlyArray<string | number> = []): Array<Array<string | number>> {
  const out: Array<Array<string | number>> = []
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      out.push([...prefix, i], ...fieldPaths(item, [...prefix, i]))
    })
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) out.push([...prefix, k], ...fieldPaths(v, [...prefix, k]))
  }
  return out
}

/** A deep copy of `value` with the field at `path` set to `replacement` (or removed when it is `REMOVE`). */
export const REMOVE = Symbol('remove')
export function withField(value: unknown, path: ReadonlyArray<string | number>, replacement: unknown): unknown {
  const copy: unknown = structuredClone(value)
  let parent = copy as Record<string | number, unknown>
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>
  const last = path[path.length - 1] as string | number
  if (replacement === REMOVE) {
    if (Array.isArray(parent)) parent.splice(Number(last), 1)
    else delete parent[last]
  } else {
    // defineProperty: a key named __proto__ becomes an own field, as JSON.parse makes it.
    Object.defineProperty(parent, last, { value: replacement, enumerable: true, writable: true, configurable: true })
  }
  return copy
}

/** For every field of every method's sample: the sample with that field of each wrong type, and without it. */
export function* fieldMutations(): Generator<{ method: MethodName; input: unknown; path: string }> {
  for (const [method, sample] of Object.entries(validInputs) as Array<[MethodName, Record<string, unknown>]>) {
    for (const path of fieldPaths(sample)) {
      for (const wrong of [...wrongTypeValues, REMOVE]) {
        yield { method, input: withField(sample, path, wrong), path: path.join('.') }
      }
    }
  }
}
