import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FakeSchemaRegistry, frame } from '../test-support/fake-schema-registry'
import { RegistryError, SchemaRegistry } from './schema-registry'
import { decodeRecord, decodeValue, registryFindings } from './value-decoder'

const jsonSchema = JSON.stringify({
  type: 'object',
  properties: { type: { type: 'string' }, orderId: { type: 'string' }, total: { type: 'number' } },
})

describe('JSON Schema values and registry errors', () => {
  const fake = new FakeSchemaRegistry()
  let url: string
  let id: number
  beforeAll(async () => {
    url = await fake.start()
    id = fake.register('orders-json-value', { schema: jsonSchema, schemaType: 'JSON' })
  })
  afterAll(() => fake.close())

  it('decodes a JSON Schema value: magic byte, schema id, then JSON', async () => {
    const produced = { type: 'OrderCreated', orderId: 'ord-7', total: 12.5, lines: [{ sku: 'a' }] }
    const d = await decodeValue(frame(id, Buffer.from(JSON.stringify(produced))), new SchemaRegistry({ url }))
    expect(d).toEqual({ value: produced, valueFormat: 'json', schemaId: id })
  })

  it('keeps a JSON Schema integer beyond 2^53 exact, as a plain JSON value does', async () => {
    const text = '{"type":"OrderCreated","orderId":9007199254740993,"total":12.5}'
    const exact = { type: 'OrderCreated', orderId: '9007199254740993', total: 12.5 }
    const framed = await decodeValue(frame(id, Buffer.from(text)), new SchemaRegistry({ url }))
    expect(framed).toEqual({ value: exact, valueFormat: 'json', schemaId: id })
    expect(await decodeValue(Buffer.from(text), undefined)).toEqual({ value: exact, valueFormat: 'json' })
  })

  it('classifies 401 and 403 as registry-wide: a WARN registry finding naming the registry and status', async () => {
    for (const [status, kind] of [
      [401, 'unauthorized'],
      [403, 'forbidden'],
    ] as const) {
      fake.status = status
      const registry = new SchemaRegistry({ url })
      await expect(registry.schema(id)).rejects.toMatchObject({ kind, status })
      const d = await decodeRecord({ key: null, value: frame(id, Buffer.from('{}')) }, registry)
      expect(d.valueFormat).toBe('binary')
      expect(d.undecodable).toContain(`${url} answered ${status}`)
      const [f] = registryFindings(registry)
      expect(f).toMatchObject({ kind: 'registry', severity: 'warn' })
      expect(f!.message).toContain(`Schema Registry ${url} answered ${status}`)
    }
    fake.status = undefined
  })

  it('does not ask a refusing registry again for every record', async () => {
    fake.status = 401
    const registry = new SchemaRegistry({ url })
    const before = fake.requests
    for (let i = 0; i < 20; i++) await decodeValue(frame(id, Buffer.from('{}')), registry)
    expect(fake.requests - before).toBe(1)
    fake.status = undefined
  })

  it('classifies a registry that is down as unavailable', async () => {
    const down = new FakeSchemaRegistry()
    const downUrl = await down.start()
    await down.close()
    const registry = new SchemaRegistry({ url: downUrl, timeoutMs: 2000 })
    const err = await registry.schema(1).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(RegistryError)
    expect(err).toMatchObject({ kind: 'unavailable' })
    expect(registryFindings(registry)[0]!.message).toContain(`Schema Registry ${downUrl} cannot be reached`)
  })

  it('an unknown schema id is not-found (per record, no registry finding); a bad answer is invalid', async () => {
    const registry = new SchemaRegistry({ url })
    await expect(registry.schema(999)).rejects.toMatchObject({ kind: 'not-found', status: 404 })
    expect(registryFindings(registry)).toEqual([])
    const bad = fake.register('bad', { schema: '{"type":"nonsense"}' })
    await expect(registry.schema(bad)).rejects.toMatchObject({ kind: 'invalid' })
  })

  it('validates the registry answer (zod): a missing schema field is invalid', async () => {
    const odd = new FakeSchemaRegistry()
    odd.server.removeAllListeners('request')
    odd.server.on('request', (_req, res) => res.end(JSON.stringify({ schemaType: 'AVRO' })))
    const registry = new SchemaRegistry({ url: await odd.start() })
    await expect(registry.schema(1)).rejects.toMatchObject({ kind: 'invalid' })
    await odd.close()
  })

  it('leaves a framed key undecodable with the reason when its schema fails, and plain keys as text', async () => {
    const registry = new SchemaRegistry({ url })
    const d = await decodeRecord({ key: frame(999, Buffer.from([2, 0x41])), value: Buffer.from('{"a":1}') }, registry)
    expect(d.key).toMatchObject({ format: 'binary', schemaId: 999 })
    expect(d.undecodable).toMatch(/^key: .*answered 404/)
    const plain = await decodeRecord({ key: Buffer.from('ord-1'), value: null }, registry)
    expect(plain.key).toEqual({ text: 'ord-1', format: 'text' })
    expect(plain.undecodable).toBeUndefined()
  })

  it('leaves a framed key too deep to write as text undecodable instead of throwing', async () => {
    const registry = new SchemaRegistry({ url })
    const n = 100_000
    const deep = frame(id, Buffer.from('['.repeat(n) + ']'.repeat(n)))
    const d = await decodeRecord({ key: deep, value: Buffer.from('{"a":1}') }, registry)
    expect(d.key).toMatchObject({ format: 'binary', schemaId: id, text: deep.toString('base64') })
    expect(d.undecodable).toMatch(/^key: decoded, but too deep to show as text/)
    expect(d.value).toEqual({ a: 1 })
  })
})
