import protobuf from 'protobufjs'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { FakeSchemaRegistry, frame, protobufPayload } from '../test-support/fake-schema-registry'
import { SchemaRegistry } from './schema-registry'
import { decodeValue } from './value-decoder'

const moneyProto = `syntax = "proto3";
package shop.common;
message Money { int64 units = 1; string currency = 2; }
`
const paymentProto = `syntax = "proto3";
package shop.payments;
import "google/protobuf/timestamp.proto";
import "google/protobuf/duration.proto";
import "google/protobuf/wrappers.proto";
import "google/protobuf/struct.proto";
import "google/protobuf/any.proto";
import "google/protobuf/empty.proto";
import "common/money.proto";

message Envelope { string note = 1; }
message PaymentRequested {
  enum Status { NEW = 0; PAID = 1; }
  message Line { string sku = 1; int32 qty = 2; }
  string type = 1;
  string paymentId = 2;
  string orderId = 3;
  Status status = 4;
  bool captured = 5;
  string memo = 6;
  int64 amountMinor = 7;
  int32 attempts = 8;
  google.protobuf.Timestamp occurredAt = 9;
  google.protobuf.Duration timeout = 10;
  google.protobuf.StringValue coupon = 11;
  google.protobuf.Int64Value bigTip = 12;
  google.protobuf.Struct meta = 13;
  google.protobuf.Any extra = 14;
  google.protobuf.Empty nothing = 15;
  repeated Line lines = 16;
  map<string, google.protobuf.Timestamp> milestones = 17;
  shop.common.Money price = 18;
  bytes blob = 19;
  double ratio = 20;
}
`

/** The producer side: protobufjs' own encoder over the same files, well-known types from protobufjs. */
function producerRoot(): protobuf.Root {
  const root = new protobuf.Root()
  const common = protobuf.common as unknown as Record<string, protobuf.INamespace>
  for (const wkt of ['timestamp', 'duration', 'wrappers', 'struct', 'any', 'empty'])
    root.addJSON(common[`google/protobuf/${wkt}.proto`]!.nested!)
  protobuf.parse(moneyProto, root, { keepCase: true })
  protobuf.parse(paymentProto, root, { keepCase: true })
  root.resolveAll()
  return root
}

const at = Date.UTC(2026, 0, 2, 3, 4, 5, 678)

// Protobuf through the registry (Confluent wire format, message indexes): top-level tests sharing one registry stand-in (each test stays short).
const fake = new FakeSchemaRegistry()
const root = producerRoot()
const Payment = root.lookupType('shop.payments.PaymentRequested')
const encode = (type: protobuf.Type, o: object) => type.encode(type.fromObject(o)).finish()
let registry: SchemaRegistry
let id: number
beforeAll(async () => {
  registry = new SchemaRegistry({ url: await fake.start() })
  fake.register('money-proto', { schema: moneyProto, schemaType: 'PROTOBUF' })
  id = fake.register('payments-proto-value', {
    schema: paymentProto,
    schemaType: 'PROTOBUF',
    // Confluent lists well-known imports among the references too; they are built in.
    references: [
      { name: 'common/money.proto', subject: 'money-proto', version: 1 },
      { name: 'google/protobuf/timestamp.proto', subject: 'google/protobuf/timestamp.proto', version: 1 },
    ],
  })
})
afterAll(() => fake.close())

it('shows proto3 defaults: first enum value, false, "", 0, empty lists and maps', async () => {
  const bytes = encode(Payment, { paymentId: 'pay-1', orderId: 'ord-1' })
  const d = await decodeValue(frame(id, protobufPayload([1], bytes)), registry)
  expect(d.decodeError).toBeUndefined()
  expect(d.value).toEqual({
    type: '',
    paymentId: 'pay-1',
    orderId: 'ord-1',
    status: 'NEW',
    captured: false,
    memo: '',
    amountMinor: '0',
    attempts: 0,
    occurredAt: null,
    timeout: null,
    coupon: null,
    bigTip: null,
    meta: null,
    extra: null,
    nothing: null,
    lines: [],
    milestones: {},
    price: null,
    blob: '',
    ratio: 0,
  })
})

it('resolves well-known types (Timestamp as ISO), references, nested messages and int64 exactly', async () => {
  const Money = root.lookupType('shop.common.Money')
  const extra = {
    type_url: 'type.googleapis.com/shop.common.Money',
    value: encode(Money, { units: 5, currency: 'EUR' }),
  }
  const bytes = encode(Payment, {
    type: 'PaymentRequested',
    paymentId: 'pay-2',
    status: 'PAID',
    captured: true,
    amountMinor: '9007199254740993',
    occurredAt: { seconds: Math.floor(at / 1000), nanos: 678_000_000 },
    timeout: { seconds: 90, nanos: 500_000_000 },
    coupon: { value: 'WELCOME' },
    bigTip: { value: '9007199254740993' },
    meta: {
      fields: {
        a: { numberValue: 1 },
        b: { listValue: { values: [{ stringValue: 'x' }, { boolValue: true }] } },
        c: { nullValue: 0 },
      },
    },
    extra,
    nothing: {},
    lines: [{ sku: 'sku-1', qty: 2 }],
    milestones: { paid: { seconds: 1767323045, nanos: 1000 } },
    price: { units: '1999', currency: 'EUR' },
    blob: Buffer.from([1, 2, 255]),
    ratio: 0.5,
  })
  const d = await decodeValue(frame(id, protobufPayload([1], bytes)), registry)
  expect(d.decodeError).toBeUndefined()
  expect(d.value).toMatchObject({
    type: 'PaymentRequested',
    status: 'PAID',
    captured: true,
    amountMinor: '9007199254740993',
    occurredAt: '2026-01-02T03:04:05.678Z',
    timeout: '90.5s',
    coupon: 'WELCOME',
    bigTip: '9007199254740993',
    meta: { a: 1, b: ['x', true], c: null },
    extra: { type_url: 'type.googleapis.com/shop.common.Money', value: Buffer.from(extra.value).toString('base64') },
    nothing: {},
    lines: [{ sku: 'sku-1', qty: 2 }],
    milestones: { paid: '2026-01-02T03:04:05.000001Z' },
    price: { units: '1999', currency: 'EUR' },
    blob: Buffer.from([1, 2, 255]).toString('base64'),
    ratio: 0.5,
  })
})

it('picks the message by its indexes: first top-level ([0] as a single 0) and nested ([1, 0])', async () => {
  const first = await decodeValue(
    frame(id, protobufPayload([0], encode(root.lookupType('shop.payments.Envelope'), { note: 'n' }))),
    registry,
  )
  expect(first.value).toEqual({ note: 'n' })
  const Line = root.lookupType('shop.payments.PaymentRequested.Line')
  const nested = await decodeValue(frame(id, protobufPayload([1, 0], encode(Line, { sku: 's', qty: 0 }))), registry)
  expect(nested.value).toEqual({ sku: 's', qty: 0 })
})

it('each case alone (no references): proto3 defaults, and a Timestamp import resolved and shown as ISO', async () => {
  const text = `syntax = "proto3";
import "google/protobuf/timestamp.proto";
message OrderState {
enum Status { NEW = 0; DONE = 1; }
Status status = 1;
bool paid = 2;
string note = 3;
google.protobuf.Timestamp at = 4;
}
`
  const smallId = fake.register('state-value', { schema: text, schemaType: 'PROTOBUF' })
  const r = new protobuf.Root()
  r.addJSON(
    (protobuf.common as unknown as Record<string, protobuf.INamespace>)['google/protobuf/timestamp.proto']!.nested!,
  )
  protobuf.parse(text, r, { keepCase: true })
  const State = r.resolveAll().lookupType('OrderState')
  const bytes = encode(State, { at: { seconds: 1767323045, nanos: 0 } })
  const d = await decodeValue(frame(smallId, protobufPayload([0], bytes)), registry)
  expect(d.decodeError).toBeUndefined()
  expect(d.value).toEqual({ status: 'NEW', paid: false, note: '', at: '2026-01-02T03:04:05Z' })
})
