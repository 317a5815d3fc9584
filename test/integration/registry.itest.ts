import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { startServe, type Served } from '../../e2e/support/serve'
import type { WireClient } from '../../src/shared/client'
import type { TraceEvent } from '../../src/shared/contract'
import { REGISTRY_PROFILE_ID, stackProfiles } from '../../src/main/profiles/stack-profiles'
import { SEQUENCE_BASE } from '../../src/main/stack/demo-schemas'
import { registryUrl } from '../../src/main/stack/registry-node'
import { TOPICS } from '../../src/main/stack/stack-config'
import { cli, hostClient, hostTrace } from './secure-support'
import { stack, until } from './support'

const repoRoot = inject('repoRoot')
// The global setup starts the stack with --registry unless KEYTRAIL_STACK_REGISTRY=0.
const withRegistry = stackProfiles(process.env).some((p) => p.id === REGISTRY_PROFILE_ID)
if (!withRegistry) console.warn('[registry.itest] skipped: the stack runs without --registry')

type Traced = Pick<TraceEvent, 'topic' | 'partition' | 'offset' | 'key' | 'keyFormat' | 'valueFormat' | 'value'> & {
  schemaId?: number
  keySchemaId?: number
  decodeError?: string
}
type Obj = Record<string, unknown>

/** What the JSON event on its source topic says, as the copy must say it after decoding. */
function expectAvroCopy(source: Traced, copy: Traced): void {
  const s = source.value as Obj
  const c = copy.value as Obj
  expect(copy.valueFormat).toBe('avro')
  expect(copy.keyFormat).toBe('avro')
  expect(copy.key, 'the Avro key decoded to the order id').toBe(s.orderId)
  expect(c.type).toBe(s.type)
  expect(c.eventId).toBe(s.eventId)
  expect(c.orderId).toBe(s.orderId)
  // timestamp-millis as ISO-8601: the JSON envelope's instant to the millisecond (Flink's jobs write nanoseconds).
  expect(c.occurredAt).toBe(new Date(Date.parse(String(s.occurredAt))).toISOString())
  // A union with null.
  expect(c.causationId).toBe(s.causationId ?? null)
  // An enum.
  expect(c.sourceTopic).toBe(source.topic)
  // A long beyond 2^53, exact, as a decimal string.
  expect(c.sequence).toBe((SEQUENCE_BASE + BigInt(source.offset)).toString())
  // decimal(12,2) as a decimal string.
  expect(c.amount).toBe(typeof s.amount === 'number' ? s.amount.toFixed(2) : null)
  expect(c.quantity).toBe(s.quantity ?? null)
  for (const k of ['customerId', 'sku', 'currency', 'paymentId', 'shipmentId', 'carrier', 'provider', 'reason'])
    expect(c[k], k).toBe(s[k] ?? null)
  expect(typeof c.attributes).toBe('object')
}

const STATUS: Record<string, string> = { PaymentReceived: 'RECEIVED', PaymentFailed: 'FAILED' }

function expectProtoCopy(source: Traced, copy: Traced): void {
  const s = source.value as Obj
  const c = copy.value as Obj
  expect(copy.valueFormat).toBe('protobuf')
  expect(copy.key).toBe(source.key)
  expect(c.type).toBe(s.type)
  expect(c.eventId).toBe(s.eventId)
  expect(c.orderId).toBe(s.orderId)
  // google.protobuf.Timestamp (an imported well-known type) in proto3 JSON form.
  expect(c.occurredAt).toBe(s.occurredAt)
  // proto3 defaults are shown: the empty string, false, the zero enum.
  expect(c.causationId).toBe(s.causationId ?? '')
  expect(c.failed).toBe(s.type === 'PaymentFailed')
  expect(c.reason).toBe(s.reason ?? '')
  expect(c.provider).toBe(s.provider ?? '')
  expect(c.status).toBe(STATUS[String(s.type)] ?? 'PENDING')
  // A nested message with an int64 (exact string) and an int32.
  const cents = Math.round(Number(s.amount) * 100)
  expect(c.amount).toEqual({
    units: String(Math.trunc(cents / 100)),
    nanos: (cents % 100) * 10_000_000,
    currency: 'EUR',
  })
  expect(c.sequence).toBe((SEQUENCE_BASE + BigInt(source.offset)).toString())
}

describe.skipIf(!withRegistry)('a real Schema Registry: Avro and Protobuf copies of the demo events', () => {
  let dir: string
  let env: NodeJS.ProcessEnv
  let served: Served
  let host: { client: WireClient; close: () => void }
  const run = (args: string[]) => cli(repoRoot, env, args)

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'keytrail-registry-itest-'))
    env = { KEYTRAIL_CONFIG_DIR: path.join(dir, 'config'), KEYTRAIL_STATE_DIR: path.join(dir, 'state') }
    served = await startServe(env)
    host = await hostClient(served)
  })

  afterAll(async () => {
    host?.close()
    await served?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('the registry serves the demo subjects through its Confluent API', async () => {
    const res = await fetch(`${registryUrl(stack())}/subjects`)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual(
      expect.arrayContaining(['orders-avro-key', 'orders-avro-value', 'payments-proto-value', 'inventory-json-value']),
    )
  })

  it('every event of a completed order decodes from Avro and Protobuf to what its JSON says, keys included', async () => {
    // An order whose payment has an Avro and a Protobuf copy already.
    const { order, events } = await until(
      'a traced order with its Avro and Protobuf copies',
      120_000,
      async () => {
        const found = await run([
          'find',
          '--profile',
          REGISTRY_PROFILE_ID,
          '--type',
          'PaymentReceived',
          '--last',
          '5m',
          '--json',
        ])
        expect(found.code, found.stderr).toBe(0)
        const hits = (JSON.parse(found.stdout) as { hits: Array<{ entityId: string | null; topic: string }> }).hits
        const id = hits.find((h) => h.topic === 'payments-proto' && h.entityId)?.entityId
        if (!id) return undefined
        const trace = await run(['trace', id, '--profile', REGISTRY_PROFILE_ID, '--since=-10m', '--json'])
        expect([0, 3], trace.stderr).toContain(trace.code)
        const traced = (JSON.parse(trace.stdout) as { events: Traced[] }).events
        const received = traced.filter((e) => (e.value as Obj | null)?.type === 'PaymentReceived')
        return received.some((e) => e.topic === 'payments-proto') && received.some((e) => e.topic === 'orders-avro')
          ? { order: id, events: traced }
          : undefined
      },
      3000,
    )
    const byEvent = new Map<string, Traced[]>()
    for (const e of events) {
      const id = (e.value as Obj | null)?.eventId
      if (typeof id === 'string') byEvent.set(id, [...(byEvent.get(id) ?? []), e])
    }
    let avro = 0
    let proto = 0
    let json = 0
    for (const copies of byEvent.values()) {
      const source = copies.find((e) => (TOPICS as readonly string[]).includes(e.topic))
      if (!source) continue
      for (const copy of copies) {
        expect(copy.decodeError, `${copy.topic}@${copy.offset}`).toBeUndefined()
        if (copy.topic === 'orders-avro') {
          expectAvroCopy(source, copy)
          avro++
        }
        if (copy.topic === 'payments-proto') {
          expectProtoCopy(source, copy)
          proto++
        }
        if (copy.topic === 'inventory-json') {
          // JSON Schema: the same JSON plus a sequence beyond 2^53, kept exact.
          expect(copy.schemaId).toBeGreaterThan(0)
          expect(copy.value).toEqual({
            ...(source.value as Obj),
            sequence: (SEQUENCE_BASE + BigInt(source.offset)).toString(),
          })
          json++
        }
      }
    }
    console.log(
      `[registry.itest] order ${order}: ${avro} Avro, ${proto} Protobuf and ${json} JSON Schema copies equal their JSON events`,
    )
    expect(avro).toBeGreaterThanOrEqual(3)
    expect(proto).toBeGreaterThanOrEqual(2)
    expect(json).toBeGreaterThanOrEqual(1)
  })

  it('the browser-mode host finds and traces through the registry the same way', async () => {
    const found = await host.client.call('trace.find', { id: REGISTRY_PROFILE_ID, type: 'OrderCreated', last: '5m' })
    const hit = found.hits.find((h) => h.topic === 'orders-avro' && h.entityId)
    expect(hit, 'an OrderCreated found in orders-avro').toBeTruthy()
    const events = await hostTrace(host.client, REGISTRY_PROFILE_ID, hit!.entityId!)
    const avro = events.filter((e) => e.topic === 'orders-avro')
    expect(avro.length).toBeGreaterThan(0)
    expect(avro.every((e) => e.valueFormat === 'avro' && e.keyFormat === 'avro' && e.key === hit!.entityId)).toBe(true)
  })

  it('a registry that stops answering is a warning and exit 4, with the records it could not decode counted', async () => {
    const pid = Number(readFileSync(path.join(stack().dir, 'run', 'registry.pid'), 'utf8'))
    process.kill(pid, 'SIGSTOP')
    try {
      const found = await run([
        'find',
        '--profile',
        REGISTRY_PROFILE_ID,
        '--type',
        'OrderCreated',
        '--last',
        '2m',
        '--json',
      ])
      expect(found.code, found.stderr).toBe(4)
      const res = JSON.parse(found.stdout) as {
        hits: Array<{ topic: string }>
        undecodable: number
        registryError?: string
      }
      expect(res.registryError).toContain(registryUrl(stack()))
      expect(res.undecodable).toBeGreaterThan(0)
      // The JSON topics still answer: the outage costs the framed records only.
      expect(res.hits.some((h) => h.topic === 'orders')).toBe(true)
      expect(found.stderr).not.toContain('INTERNAL')
      console.log(`[registry.itest] registry frozen: find answered in ${found.ms} ms, ${res.undecodable} undecodable`)
    } finally {
      process.kill(pid, 'SIGCONT')
    }
  })
})
