import avro from 'avsc'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { bigLong, FakeSchemaRegistry, frame } from '../test-support/fake-schema-registry'
import { SchemaRegistry } from './schema-registry'
import { decodeRecord, decodeValue } from './value-decoder'

const encode = (schema: object, value: unknown, opts: Partial<avro.ForSchemaOptions> = {}) =>
  avro.Type.forSchema(schema as avro.Schema, { registry: { long: bigLong }, ...opts }).toBuffer(value)

/** An unscaled decimal as Avro stores it: big-endian two's complement, minimal length. */
function twos(n: bigint): Buffer {
  let hex = (n < 0n ? (1n << 64n) + n : n).toString(16).padStart(16, '0')
  while (hex.length > 2 && (hex.startsWith('ff') || hex.startsWith('00'))) {
    const next = hex.slice(2)
    if (parseInt(next[0]!, 16) >= 8 !== hex.startsWith('ff')) break
    hex = next
  }
  return Buffer.from(hex, 'hex')
}

const money = {
  type: 'record',
  name: 'Money',
  namespace: 'shop',
  fields: [
    { name: 'units', type: 'long' },
    { name: 'currency', type: 'string' },
  ],
}
const decimal = (scale: number) => ({ type: 'bytes', logicalType: 'decimal', precision: 20, scale })
const order = {
  type: 'record',
  name: 'OrderCreated',
  namespace: 'shop',
  fields: [
    { name: 'orderId', type: 'string' },
    { name: 'amount', type: decimal(2) },
    { name: 'refund', type: decimal(3) },
    { name: 'bigId', type: 'long' },
    { name: 'count', type: 'long' },
    { name: 'occurredAt', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'occurredAtMicros', type: { type: 'long', logicalType: 'timestamp-micros' } },
    { name: 'day', type: { type: 'int', logicalType: 'date' } },
    { name: 'note', type: ['null', 'string'], default: null },
    { name: 'tip', type: ['null', decimal(2)], default: null },
    { name: 'status', type: { type: 'enum', name: 'Status', symbols: ['NEW', 'PAID'] } },
    { name: 'tags', type: { type: 'array', items: 'string' } },
    { name: 'attrs', type: { type: 'map', values: 'long' } },
    { name: 'raw', type: 'bytes' },
    { name: 'price', type: 'shop.Money' },
  ],
}
const at = Date.UTC(2026, 0, 2, 3, 4, 5, 678)

// Avro through the registry (Confluent wire format): top-level tests sharing one registry stand-in (each test stays short).
const fake = new FakeSchemaRegistry()
let registry: SchemaRegistry
let valueId: number
let keyId: number
beforeAll(async () => {
  registry = new SchemaRegistry({ url: await fake.start() })
  fake.register('money', { schema: JSON.stringify(money) })
  valueId = fake.register('orders-avro-value', {
    schema: JSON.stringify(order),
    references: [{ name: 'shop.Money', subject: 'money', version: 1 }],
  })
  keyId = fake.register('orders-avro-key', { schema: '"string"' })
})
afterAll(() => fake.close())

const produced = {
  orderId: 'ord-5001',
  amount: twos(1234567n),
  refund: twos(-1500n),
  bigId: 2n ** 53n + 1n,
  count: 42n,
  occurredAt: at,
  occurredAtMicros: at * 1000 + 901,
  day: Math.floor(at / 86_400_000),
  note: 'gift',
  tip: twos(5n),
  status: 'PAID',
  tags: ['a', 'b'],
  attrs: { small: 7n, huge: -(2n ** 60n) },
  raw: Buffer.from([1, 2, 255]),
  price: { units: 1999n, currency: 'EUR' },
}
const referenced = avro.Type.forSchema(money as avro.Schema, { registry: { long: bigLong } })

it('decodes decimals, exact longs, timestamps, dates, unions, enums, arrays, maps, bytes and references', async () => {
  const payload = encode(order, produced, { registry: { long: bigLong, 'shop.Money': referenced } })
  const d = await decodeValue(frame(valueId, payload), registry)
  expect(d.decodeError).toBeUndefined()
  expect(d.valueFormat).toBe('avro')
  expect(JSON.parse(JSON.stringify(d.value))).toEqual({
    orderId: 'ord-5001',
    amount: '12345.67',
    refund: '-1.500',
    bigId: '9007199254740993',
    count: 42,
    occurredAt: '2026-01-02T03:04:05.678Z',
    occurredAtMicros: '2026-01-02T03:04:05.678901Z',
    day: '2026-01-02',
    note: 'gift',
    tip: '0.05',
    status: 'PAID',
    tags: ['a', 'b'],
    attrs: { small: 7, huge: '-1152921504606846976' },
    raw: Buffer.from([1, 2, 255]).toString('base64'),
    price: { units: 1999, currency: 'EUR' },
  })
})

it('decodes null union branches', async () => {
  const payload = encode(
    order,
    { ...produced, note: null, tip: null },
    { registry: { long: bigLong, 'shop.Money': referenced } },
  )
  const d = await decodeValue(frame(valueId, payload), registry)
  expect(d.value).toMatchObject({ note: null, tip: null })
})

it('decodes an Avro key like a value: the id as text', async () => {
  const key = frame(keyId, encode({ type: 'string' }, 'ord-5001'))
  const d = await decodeRecord({ key, value: null }, registry)
  expect(d.key).toEqual({ text: 'ord-5001', format: 'avro', schemaId: keyId })
  expect(d.undecodable).toBeUndefined()
})

it('each case alone (no references): decimal as a decimal string, long beyond 2^53 exact', async () => {
  const small = {
    type: 'record',
    name: 'Small',
    fields: [
      { name: 'amount', type: decimal(2) },
      { name: 'id', type: 'long' },
    ],
  }
  const smallId = fake.register('small-value', { schema: JSON.stringify(small) })
  const d = await decodeValue(frame(smallId, encode(small, { amount: twos(-705n), id: 2n ** 62n })), registry)
  expect(d.decodeError).toBeUndefined()
  expect(d.value).toEqual({ amount: '-7.05', id: '4611686018427387904' })
})
