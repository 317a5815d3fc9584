import { describe, expect, it } from 'vitest'
import { avroSchema } from '../trace/avro-decoder'
import { parseJsonExact } from '../trace/exact-json'
import { protobufSchema } from '../trace/protobuf-decoder'
import {
  ORDER_EVENT_SCHEMA,
  ORDER_KEY_SCHEMA,
  PAYMENT_EVENT_PROTO,
  SEQUENCE_BASE,
  confluentFrame,
  decimalBytes,
  inventoryEventJson,
  orderEventAvro,
  orderKeyAvro,
  paymentEventProto,
} from './demo-schemas'

const event = {
  type: 'PaymentFailed',
  eventId: 'e-1',
  orderId: 'ord-00000000002a',
  occurredAt: '2026-12-07T20:00:00.123Z',
  causationId: 'e-0',
  paymentId: 'pay-7',
  amount: 1999.05,
  reason: 'card-declined',
  retries: 2,
}

describe('the demo registry copies', () => {
  it('store decimals as the shortest two’s-complement unscaled value', () => {
    expect(decimalBytes(19.99, 2)).toEqual(Buffer.from([0x07, 0xcf]))
    expect(decimalBytes(1.27, 2)).toEqual(Buffer.from([0x7f]))
    expect(decimalBytes(1.28, 2)).toEqual(Buffer.from([0x00, 0x80]))
    expect(decimalBytes(-1.28, 2)).toEqual(Buffer.from([0x80]))
    expect(decimalBytes(0, 2)).toEqual(Buffer.from([0x00]))
  })

  it('decode with Keytrail’s Avro decoder to the event, exact beyond 2^53', () => {
    const decoded = avroSchema(JSON.stringify(ORDER_EVENT_SCHEMA), []).decode(orderEventAvro(event, 'payments', 41n))
    expect(decoded).toEqual({
      type: 'PaymentFailed',
      eventId: 'e-1',
      orderId: 'ord-00000000002a',
      occurredAt: '2026-12-07T20:00:00.123Z',
      causationId: 'e-0',
      sourceTopic: 'payments',
      sequence: (SEQUENCE_BASE + 41n).toString(),
      amount: '1999.05',
      quantity: null,
      customerId: null,
      sku: null,
      currency: null,
      paymentId: 'pay-7',
      shipmentId: null,
      carrier: null,
      provider: null,
      reason: 'card-declined',
      attributes: { retries: '2' },
    })
    expect(avroSchema(JSON.stringify(ORDER_KEY_SCHEMA), []).decode(orderKeyAvro('ord-1'))).toBe('ord-1')
  })

  it('decode with Keytrail’s Protobuf decoder, proto3 defaults and the imported Timestamp included', () => {
    const requested = {
      ...event,
      type: 'PaymentRequested',
      occurredAt: '2026-12-07T20:00:00.123456789Z',
      causationId: null,
      reason: undefined,
      amount: 0.5,
    }
    const decoded = protobufSchema(PAYMENT_EVENT_PROTO, []).decode(
      confluentFrame(1, paymentEventProto(requested, 0n), true).subarray(5),
    )
    expect(decoded).toEqual({
      type: 'PaymentRequested',
      eventId: 'e-1',
      orderId: 'ord-00000000002a',
      occurredAt: '2026-12-07T20:00:00.123456789Z',
      causationId: '',
      paymentId: 'pay-7',
      amount: { units: '0', nanos: 500_000_000, currency: 'EUR' },
      status: 'PENDING',
      failed: false,
      reason: '',
      provider: '',
      sequence: SEQUENCE_BASE.toString(),
    })
  })

  it('frame payloads in Confluent’s wire format', () => {
    expect([...confluentFrame(258, Buffer.from([9]))]).toEqual([0, 0, 0, 1, 2, 9])
    expect([...confluentFrame(3, Buffer.from([9]), true)]).toEqual([0, 0, 0, 0, 3, 0, 9])
  })
})

describe('the JSON Schema copies', () => {
  it('carry the sequence as a bare integer beyond 2^53, which Keytrail reads exactly', () => {
    const text = inventoryEventJson({ ...event, type: 'InventoryReserved' }, 5n).toString()
    expect(text.endsWith(`"sequence":${(SEQUENCE_BASE + 5n).toString()}}`)).toBe(true)
    expect(parseJsonExact(text)).toMatchObject({ type: 'InventoryReserved', sequence: (SEQUENCE_BASE + 5n).toString() })
  })
})
