// The decoding cases of issue #14, produced with the libraries' own encoders (avsc, protobufjs, JSON)
// in the Confluent wire format and registered in the in-process registry stand-in.
import avro from 'avsc'
import protobuf from 'protobufjs'
import { bigLong, FakeSchemaRegistry, frame, protobufPayload } from '../../src/main/test-support/fake-schema-registry'

export interface Case {
  format: 'Avro' | 'Protobuf' | 'JSON Schema'
  name: string
  bytes: Buffer
  /** What a correct decoder shows, compared after a JSON round trip (what the UI and --json see). */
  expected: unknown
  key?: boolean
}

const AT = Date.UTC(2026, 0, 2, 3, 4, 5, 678)

function avroCases(reg: FakeSchemaRegistry): Case[] {
  const one = (name: string, type: unknown, produced: unknown, expected: unknown, refs?: object[]): Case => {
    const schema = { type: 'record', name: 'R', namespace: 'bench', fields: [{ name: 'f', type }] }
    const opts: Partial<avro.ForSchemaOptions> = { registry: { long: bigLong } }
    if (refs) avro.Type.forSchema(refs[0] as avro.Schema, opts)
    const id = reg.register(`avro-${name}`, {
      schema: JSON.stringify(schema),
      ...(refs ? { references: [{ name: 'bench.Money', subject: 'avro-money', version: 1 }] } : {}),
    })
    const bytes = frame(id, avro.Type.forSchema(schema as avro.Schema, opts).toBuffer({ f: produced }))
    return { format: 'Avro', name, bytes, expected: { f: expected } }
  }
  const money = { type: 'record', name: 'Money', namespace: 'bench', fields: [{ name: 'units', type: 'long' }] }
  reg.register('avro-money', { schema: JSON.stringify(money) })
  const keyId = reg.register('avro-key', { schema: '"string"' })
  return [
    one(
      'decimal (scale 2)',
      { type: 'bytes', logicalType: 'decimal', precision: 10, scale: 2 },
      Buffer.from([0x12, 0xd6, 0x87]),
      '12345.67',
    ),
    one('long beyond 2^53', 'long', 2n ** 53n + 1n, '9007199254740993'),
    one('timestamp-millis', { type: 'long', logicalType: 'timestamp-millis' }, AT, '2026-01-02T03:04:05.678Z'),
    one(
      'timestamp-micros',
      { type: 'long', logicalType: 'timestamp-micros' },
      AT * 1000 + 901,
      '2026-01-02T03:04:05.678901Z',
    ),
    one('date', { type: 'int', logicalType: 'date' }, 20455, '2026-01-02'),
    one('union null|string', ['null', 'string'], 'gift', 'gift'),
    one('enum', { type: 'enum', name: 'S', symbols: ['NEW', 'PAID'] }, 'PAID', 'PAID'),
    one('array', { type: 'array', items: 'string' }, ['a', 'b'], ['a', 'b']),
    one('map', { type: 'map', values: 'int' }, { a: 1 }, { a: 1 }),
    one('reference (named type)', 'bench.Money', { units: 5n }, { units: 5 }, [money]),
    {
      format: 'Avro',
      name: 'key (string)',
      key: true,
      bytes: frame(keyId, avro.Type.forSchema('string').toBuffer('ord-5001')),
      expected: 'ord-5001',
    },
  ]
}

const protoText = `syntax = "proto3";
package bench;
import "money.proto";
message Payment {
  enum Status { NEW = 0; PAID = 1; }
  message Line { string sku = 1; }
  Status status = 1;
  bool captured = 2;
  string memo = 3;
  int64 big = 4;
  bench.money.Money price = 7;
  Line line = 8;
}
message Refund { string reason = 1; }
`
// Well-known types in a schema of their own, so that the other cases do not hinge on them.
const wktText = `syntax = "proto3";
package bench.wkt;
import "google/protobuf/timestamp.proto";
import "google/protobuf/wrappers.proto";
message Stamped { google.protobuf.Timestamp at = 1; google.protobuf.StringValue coupon = 2; }
`
const moneyText = 'syntax = "proto3";\npackage bench.money;\nmessage Money { int64 units = 1; }\n'

function protoCases(reg: FakeSchemaRegistry): Case[] {
  const root = new protobuf.Root()
  const common = protobuf.common as unknown as Record<string, protobuf.INamespace>
  for (const w of ['timestamp', 'wrappers']) root.addJSON(common[`google/protobuf/${w}.proto`]!.nested!)
  protobuf.parse(moneyText, root, { keepCase: true })
  protobuf.parse(protoText, root, { keepCase: true })
  protobuf.parse(wktText, root, { keepCase: true })
  root.resolveAll()
  const wktId = reg.register('proto-wkt', { schema: wktText, schemaType: 'PROTOBUF' })
  reg.register('proto-money', { schema: moneyText, schemaType: 'PROTOBUF' })
  const refs = [{ name: 'money.proto', subject: 'proto-money', version: 1 }]
  const id = reg.register('proto-payment', { schema: protoText, schemaType: 'PROTOBUF', references: refs })
  const keyText = 'syntax = "proto3";\nmessage OrderKey { string orderId = 1; }\n'
  const keyId = reg.register('proto-key', { schema: keyText, schemaType: 'PROTOBUF' })
  const enc = (t: string, o: object, idx = [0], r = root, sid = id) => {
    const type = r.lookupType(t)
    return frame(sid, protobufPayload(idx, type.encode(type.fromObject(o)).finish()))
  }
  const P = 'bench.Payment'
  const c = (name: string, bytes: Buffer, expected: unknown): Case => ({ format: 'Protobuf', name, bytes, expected })
  return [
    c('proto3 defaults (NEW, false, "", 0)', enc(P, { price: { units: 1 } }), {
      status: 'NEW',
      captured: false,
      memo: '',
      big: '0',
    }),
    c('int64 beyond 2^53', enc(P, { big: '9007199254740993' }), { big: '9007199254740993' }),
    c(
      'Timestamp (WKT import) as ISO',
      enc('bench.wkt.Stamped', { at: { seconds: Math.floor(AT / 1000), nanos: 678e6 } }, [0], root, wktId),
      { at: '2026-01-02T03:04:05.678Z' },
    ),
    c('wrapper (StringValue)', enc('bench.wkt.Stamped', { coupon: { value: 'WELCOME' } }, [0], root, wktId), {
      coupon: 'WELCOME',
    }),
    c('reference (import of a registered schema)', enc(P, { price: { units: 7 } }), { price: { units: '7' } }),
    c('nested message field', enc(P, { line: { sku: 's1' } }), { line: { sku: 's1' } }),
    c('message index [1] (2nd message)', enc('bench.Refund', { reason: 'late' }, [1]), { reason: 'late' }),
    c('message index [0, 0] (nested type)', enc('bench.Payment.Line', { sku: 's2' }, [0, 0]), { sku: 's2' }),
    {
      ...c(
        'key (message)',
        enc('OrderKey', { orderId: 'ord-5001' }, [0], protobuf.parse(keyText, { keepCase: true }).root, keyId),
        { orderId: 'ord-5001' },
      ),
      key: true,
    },
  ]
}

function jsonCases(reg: FakeSchemaRegistry): Case[] {
  const schema = { type: 'object', properties: { type: { type: 'string' }, orderId: { type: 'string' } } }
  const id = reg.register('json-order', { schema: JSON.stringify(schema), schemaType: 'JSON' })
  const v = { type: 'OrderCreated', orderId: 'ord-5001', lines: [{ sku: 'a', qty: 2 }] }
  return [
    {
      format: 'JSON Schema',
      name: 'value (magic byte + id + JSON)',
      bytes: frame(id, Buffer.from(JSON.stringify(v))),
      expected: v,
    },
  ]
}

export function allCases(reg: FakeSchemaRegistry): Case[] {
  return [...avroCases(reg), ...protoCases(reg), ...jsonCases(reg)]
}

/** Every field of `expected` equal in `actual` (objects may hold more fields; arrays exactly). */
export function matches(actual: unknown, expected: unknown): boolean {
  if (expected === null || typeof expected !== 'object') return actual === expected
  if (actual === null || typeof actual !== 'object') return false
  if (Array.isArray(expected))
    return Array.isArray(actual) && actual.length === expected.length && expected.every((e, i) => matches(actual[i], e))
  return Object.entries(expected).every(([k, e]) => matches((actual as Record<string, unknown>)[k], e))
}
