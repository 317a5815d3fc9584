import avro from 'avsc'
import protobuf from 'protobufjs'
import { z } from 'zod'
import { REGISTRY_TOPICS } from './stack-config'

/**
 * The demo's registry-framed copies of its events (`stack up --registry`): every event again on
 * orders-avro (Avro key and value) and the payment events on payments-proto (Protobuf value), in
 * the Confluent wire format, and the inventory events on inventory-json (JSON Schema). Their schemas hold what production schemas hold and decoders get
 * wrong: decimal and timestamp logical types, a long beyond 2^53, unions, an enum and a map (Avro);
 * proto3 defaults, a nested message, an enum, int64 and an imported well-known type (Protobuf).
 */

/** Every copy's `sequence` is this plus the source record's offset: always beyond 2^53. */
export const SEQUENCE_BASE = 2n ** 53n + 1n

const SOURCE_TOPICS = ['orders', 'payments', 'inventory', 'shipments'] as const
const OPTIONAL_STRINGS = [
  'customerId',
  'sku',
  'currency',
  'paymentId',
  'shipmentId',
  'carrier',
  'provider',
  'reason',
] as const

export const ORDER_KEY_SCHEMA = { type: 'string' } as const

export const ORDER_EVENT_SCHEMA = {
  type: 'record',
  name: 'OrderEvent',
  namespace: 'dev.keytrail.demo',
  fields: [
    { name: 'type', type: 'string' },
    { name: 'eventId', type: 'string' },
    { name: 'orderId', type: 'string' },
    { name: 'occurredAt', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'causationId', type: ['null', 'string'], default: null },
    { name: 'sourceTopic', type: { type: 'enum', name: 'SourceTopic', symbols: [...SOURCE_TOPICS] } },
    { name: 'sequence', type: 'long' },
    {
      name: 'amount',
      type: ['null', { type: 'bytes', logicalType: 'decimal', precision: 12, scale: 2 }],
      default: null,
    },
    { name: 'quantity', type: ['null', 'int'], default: null },
    ...OPTIONAL_STRINGS.map((name) => ({ name, type: ['null', 'string'], default: null })),
    { name: 'attributes', type: { type: 'map', values: 'string' }, default: {} },
  ],
} as const

export const PAYMENT_EVENT_PROTO = `syntax = "proto3";
package keytrail.demo;

import "google/protobuf/timestamp.proto";

message PaymentEvent {
  enum Status {
    PENDING = 0;
    RECEIVED = 1;
    FAILED = 2;
  }
  message Money {
    int64 units = 1;
    int32 nanos = 2;
    string currency = 3;
  }
  string type = 1;
  string eventId = 2;
  string orderId = 3;
  google.protobuf.Timestamp occurredAt = 4;
  string causationId = 5;
  string paymentId = 6;
  Money amount = 7;
  Status status = 8;
  bool failed = 9;
  string reason = 10;
  string provider = 11;
  int64 sequence = 12;
}
`

/** JSON Schema of the inventory copies: the envelope plus a sequence beyond 2^53. */
export const INVENTORY_EVENT_JSON_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'InventoryEvent',
  type: 'object',
  required: ['type', 'eventId', 'orderId', 'occurredAt', 'sequence'],
  properties: {
    type: { type: 'string' },
    eventId: { type: 'string' },
    orderId: { type: 'string' },
    occurredAt: { type: 'string', format: 'date-time' },
    causationId: { type: ['string', 'null'] },
    sequence: { type: 'integer' },
  },
  additionalProperties: true,
} as const

/** The event as JSON with `sequence` written as a bare integer beyond 2^53 (JSON.stringify cannot). */
export function inventoryEventJson(e: SourceEvent, offset: bigint): Buffer {
  const text = JSON.stringify({ ...e, sequence: 0 })
  return Buffer.from(`${text.slice(0, -'0}'.length)}${(SEQUENCE_BASE + offset).toString()}}`)
}

/** avsc's longs are JS numbers and lose digits beyond 2^53: the demo writes them as bigints. */
const bigLong = avro.types.LongType.__with({
  fromBuffer: (b: Buffer) => b.readBigInt64LE(0),
  toBuffer: (v: bigint) => {
    const b = Buffer.alloc(8)
    b.writeBigInt64LE(v)
    return b
  },
  fromJSON: (v: unknown) => BigInt(v as string),
  toJSON: (v: bigint) => v.toString(),
  isValid: (v: unknown) => typeof v === 'bigint',
  compare: (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0),
})

const isLong = (s: unknown): boolean =>
  s === 'long' || (typeof s === 'object' && s !== null && 'type' in s && s.type === 'long')
const avroOptions: Partial<avro.ForSchemaOptions> = { typeHook: (s) => (isLong(s) ? bigLong : undefined) }
const keyType = avro.Type.forSchema(ORDER_KEY_SCHEMA as avro.Schema)
const eventType = avro.Type.forSchema(ORDER_EVENT_SCHEMA as unknown as avro.Schema, avroOptions)

const protoRoot = (() => {
  const root = new protobuf.Root()
  const ts = (protobuf.common as unknown as Record<string, protobuf.INamespace>)['google/protobuf/timestamp.proto']
  root.addJSON(ts?.nested ?? {})
  protobuf.parse(PAYMENT_EVENT_PROTO, root, { keepCase: true })
  root.resolveAll()
  return root
})()
const paymentType = protoRoot.lookupType('keytrail.demo.PaymentEvent')

/** The source events the copies are made of (the demo's JSON envelope). */
export const sourceEventSchema = z.looseObject({
  type: z.string(),
  eventId: z.string(),
  orderId: z.string(),
  occurredAt: z.string(),
  causationId: z.string().nullable().optional(),
})
export type SourceEvent = z.infer<typeof sourceEventSchema>

/** An amount as Avro's decimal stores it: the unscaled value, two's complement, big-endian, shortest. */
export function decimalBytes(amount: number, scale: number): Buffer {
  let n = BigInt(Math.round(amount * 10 ** scale))
  const bytes: number[] = []
  for (;;) {
    const byte = Number(n & 0xffn)
    bytes.unshift(byte)
    n >>= 8n
    if ((n === 0n && byte < 0x80) || (n === -1n && byte >= 0x80)) break
  }
  return Buffer.from(bytes)
}

const text = (v: unknown): string | null => (typeof v === 'string' ? v : null)

export function orderEventAvro(e: SourceEvent, sourceTopic: string, offset: bigint): Buffer {
  const known = new Set<string>(['type', 'eventId', 'orderId', 'occurredAt', 'causationId', 'amount', 'quantity'])
  for (const k of OPTIONAL_STRINGS) known.add(k)
  const attributes = Object.fromEntries(
    Object.entries(e)
      .filter(([k, v]) => !known.has(k) && v !== null && v !== undefined)
      .map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
  )
  return eventType.toBuffer({
    type: e.type,
    eventId: e.eventId,
    orderId: e.orderId,
    occurredAt: BigInt(Date.parse(e.occurredAt)),
    causationId: e.causationId ?? null,
    sourceTopic,
    sequence: SEQUENCE_BASE + offset,
    amount: typeof e.amount === 'number' ? decimalBytes(e.amount, 2) : null,
    quantity: typeof e.quantity === 'number' && Number.isInteger(e.quantity) ? e.quantity : null,
    ...Object.fromEntries(OPTIONAL_STRINGS.map((k) => [k, text(e[k])])),
    attributes,
  })
}

export const orderKeyAvro = (orderId: string): Buffer => keyType.toBuffer(orderId)

const STATUS: Record<string, number> = { PaymentReceived: 1, PaymentFailed: 2 }

/** An RFC 3339 instant as a Timestamp, to the nanosecond it carries (Flink's jobs write nine digits). */
function timestampOf(iso: string): { seconds: number; nanos: number } {
  const ms = Date.parse(iso)
  const fraction = /\.(\d{1,9})/.exec(iso)?.[1] ?? ''
  return { seconds: Math.floor(ms / 1000), nanos: Number(fraction.padEnd(9, '0') || 0) }
}

export function paymentEventProto(e: SourceEvent, offset: bigint): Buffer {
  const amount = typeof e.amount === 'number' ? e.amount : undefined
  const cents = amount === undefined ? 0 : Math.round(amount * 100)
  const msg = paymentType.fromObject({
    type: e.type,
    eventId: e.eventId,
    orderId: e.orderId,
    occurredAt: timestampOf(e.occurredAt),
    causationId: e.causationId ?? '',
    paymentId: text(e.paymentId) ?? '',
    ...(amount === undefined
      ? {}
      : { amount: { units: Math.trunc(cents / 100), nanos: (cents % 100) * 10_000_000, currency: 'EUR' } }),
    status: STATUS[e.type] ?? 0,
    failed: e.type === 'PaymentFailed',
    reason: text(e.reason) ?? '',
    provider: text(e.provider) ?? '',
    sequence: (SEQUENCE_BASE + offset).toString(),
  })
  return Buffer.from(paymentType.encode(msg).finish())
}

/** Confluent's wire format: magic byte 0, the schema id (big-endian), then (Protobuf) the message indexes. */
export function confluentFrame(id: number, payload: Buffer, protobufIndexes = false): Buffer {
  const head = Buffer.alloc(5)
  head.writeUInt32BE(id, 1)
  return Buffer.concat([head, ...(protobufIndexes ? [Buffer.from([0])] : []), payload])
}

export interface DemoSchemaIds {
  orderKey: number
  orderEvent: number
  paymentEvent: number
  inventoryEvent: number
}

const registered = z.object({ id: z.number().int().nonnegative() })

/** Registers the demo's schemas (idempotent: a registry answers the same id for the same schema). */
export async function registerDemoSchemas(url: string): Promise<DemoSchemaIds> {
  const register = async (subject: string, schema: string, schemaType?: string): Promise<number> => {
    const res = await fetch(`${url}/subjects/${subject}/versions`, {
      method: 'POST',
      headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
      body: JSON.stringify({ schema, ...(schemaType ? { schemaType } : {}) }),
      signal: AbortSignal.timeout(10_000),
    })
    const body = (await res.json().catch(() => undefined)) as unknown
    if (!res.ok) throw new Error(`Registering ${subject} failed: HTTP ${res.status} ${JSON.stringify(body)}`)
    return registered.parse(body).id
  }
  return {
    orderKey: await register(`${REGISTRY_TOPICS.avro}-key`, JSON.stringify(ORDER_KEY_SCHEMA)),
    orderEvent: await register(`${REGISTRY_TOPICS.avro}-value`, JSON.stringify(ORDER_EVENT_SCHEMA)),
    paymentEvent: await register(`${REGISTRY_TOPICS.proto}-value`, PAYMENT_EVENT_PROTO, 'PROTOBUF'),
    inventoryEvent: await register(
      `${REGISTRY_TOPICS.json}-value`,
      JSON.stringify(INVENTORY_EVENT_JSON_SCHEMA),
      'JSON',
    ),
  }
}
