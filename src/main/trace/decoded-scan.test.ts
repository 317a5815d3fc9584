import avro from 'avsc'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { traceMapSchema, traceInputSchema, type TraceUpdate } from '../../shared/contract/trace'
import { FakeSchemaRegistry, frame } from '../test-support/fake-schema-registry'
import { findRecords } from './find'
import { SchemaRegistry } from './schema-registry'
import { TraceRun } from './trace-engine'
import { MemorySource } from './testing/memory-source'

const valueSchema = {
  type: 'record',
  name: 'OrderEvent',
  fields: [
    { name: 'type', type: 'string' },
    { name: 'eventId', type: 'string' },
    { name: 'orderId', type: 'string' },
  ],
}
const map = traceMapSchema.parse({
  entity: 'order',
  rootKind: 'orderId',
  topics: [{ topic: 'orders-avro', ids: [{ from: 'key', kind: 'orderId' }] }],
})

describe('find and trace over Avro keys and values', () => {
  const fake = new FakeSchemaRegistry()
  let url: string
  const reader = new MemorySource().topic('orders-avro', 1)
  beforeAll(async () => {
    url = await fake.start()
    const keyId = fake.register('orders-avro-key', { schema: '"string"' })
    const valueId = fake.register('orders-avro-value', { schema: JSON.stringify(valueSchema) })
    const key = avro.Type.forSchema('string')
    const value = avro.Type.forSchema(valueSchema as avro.Schema)
    ;['OrderCreated', 'OrderConfirmed'].forEach((type, i) =>
      reader.append('orders-avro', {
        key: frame(keyId, key.toBuffer('ord-5001')),
        value: frame(valueId, value.toBuffer({ type, eventId: `e${i}`, orderId: 'ord-5001' })),
        timestamp: Date.now() - 1000 + i,
      }),
    )
  })
  afterAll(() => fake.close())
  const find = (registry: SchemaRegistry) =>
    findRecords(
      { reader, map, registry },
      { id: 'p', last: '10m', type: 'OrderCreated', limit: 10 },
      new AbortController().signal,
    )

  it('find prints the id decoded from an Avro key, not its raw bytes', async () => {
    const res = await find(new SchemaRegistry({ url }))
    expect(res.hits.map((h) => [h.entityId, h.type])).toEqual([['ord-5001', 'OrderCreated']])
    expect(res.undecodable).toBe(0)
    expect(res.registryError).toBeUndefined()
  })

  it('find counts what it could not decode and names the registry that refused', async () => {
    fake.status = 401
    const res = await find(new SchemaRegistry({ url }))
    fake.status = undefined
    expect(res.hits).toEqual([])
    expect(res.undecodable).toBe(1)
    expect(res.registryError).toContain(`Schema Registry ${url} answered 401`)
  })

  const trace = async (registry: SchemaRegistry) => {
    const input = traceInputSchema.parse({ id: 'p', entityId: 'ord-5001', fullScan: true })
    const updates: TraceUpdate[] = []
    return new TraceRun({ reader, map, registry }, input, (u) => updates.push(u), new AbortController().signal).run()
  }

  it('trace matches an id taken from an Avro key and shows the key decoded', async () => {
    const res = await trace(new SchemaRegistry({ url }))
    expect(res.events.map((e) => [e.type, e.key, e.keyFormat])).toEqual([
      ['OrderCreated', 'ord-5001', 'avro'],
      ['OrderConfirmed', 'ord-5001', 'avro'],
    ])
    expect(res.verdict.findings.filter((f) => f.kind === 'registry')).toEqual([])
  })

  it('trace reports a refusing registry as a WARN finding naming it and the status', async () => {
    fake.status = 403
    const res = await trace(new SchemaRegistry({ url }))
    fake.status = undefined
    const f = res.verdict.findings.find((x) => x.kind === 'registry')
    expect(f).toMatchObject({ severity: 'warn' })
    expect(f!.message).toContain(`Schema Registry ${url} answered 403`)
  })
})
