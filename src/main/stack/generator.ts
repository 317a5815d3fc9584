import { randomBytes } from 'node:crypto'
import { CompressionTypes, type Kafka, type Producer } from 'kafkajs'
import { z } from 'zod'
import { sleep } from '../util/sleep'
import { childTraceparent, envelope, newTraceparent, record } from './demo-events'
import { stackKafka } from './kafka-node'
import { seededRandom } from './seeded-random'
import { CONTROL_TOPIC } from './stack-config'

export interface GeneratorOptions {
  kafkaPort: number
  rate: number
  seed?: number
  failShare?: number
  signal?: AbortSignal
  log?: (line: string) => void
}

const SKUS = Array.from({ length: 40 }, (_, i) => `SKU-${String(i + 1).padStart(4, '0')}`)
const MAX_PENDING = 200_000
const switchSchema = z.looseObject({ on: z.boolean().optional(), rate: z.number().min(0).max(5000).optional() })
const eventSchema = z.looseObject({ type: z.string(), eventId: z.string(), orderId: z.string() })

/**
 * The demo's outside world: customers creating orders, the payment gateway answering payment
 * requests, the carrier shipping and delivering. Reacts to the control topic (traffic rate,
 * stuck-orders). Runs until the signal aborts.
 */
export async function runGenerator(opts: GeneratorOptions): Promise<void> {
  const rand = seededRandom(opts.seed ?? randomBytes(4).readUInt32LE())
  const log = opts.log ?? (() => undefined)
  const kafka: Kafka = stackKafka({ kafkaPort: opts.kafkaPort }, 'keytrail-generator')
  const producer: Producer = kafka.producer({ allowAutoTopicCreation: false, idempotent: true, maxInFlightRequests: 1 })
  await producer.connect()
  let rate = opts.rate
  let stuck = false
  const stuckOrders = new Set<string>()
  /** Payments held back from stuck orders: answered late when the switch goes off (the gateway catches up). */
  const held = new Map<string, () => void>()
  let pending = 0
  const later = (ms: number, fn: () => Promise<void>): void => {
    if (pending >= MAX_PENDING) return
    pending++
    setTimeout(() => {
      pending--
      fn().catch((err: unknown) => log(`send failed: ${String(err)}`))
    }, ms).unref()
  }
  const send = (topic: string, messages: ReturnType<typeof record>[]) =>
    producer.send({ topic, messages, compression: CompressionTypes.None })

  // Switches: read the compacted control topic from its start, no offsets kept.
  const control = kafka.consumer({ groupId: `keytrail-generator-control-${randomBytes(4).toString('hex')}` })
  await control.connect()
  await control.subscribe({ topic: CONTROL_TOPIC, fromBeginning: true })
  await control.run({
    autoCommit: false,
    eachMessage: async ({ message }) => {
      const key = message.key?.toString()
      const parsed = switchSchema.safeParse(safeJson(message.value?.toString()))
      if (!key || !parsed.success) return
      if (key === 'traffic-rate' && parsed.data.rate !== undefined) {
        rate = parsed.data.rate
        log(`traffic rate ${rate}/s`)
      }
      if (key === 'stuck-orders') {
        stuck = parsed.data.on === true
        log(`stuck-orders ${stuck ? 'on' : 'off'}${stuck ? '' : `: ${held.size} held payment(s) answered`}`)
        if (!stuck) {
          for (const pay of held.values()) pay()
          held.clear()
          stuckOrders.clear()
        }
      }
    },
  })

  // The payment gateway and the carrier: a real consumer group, committing as it goes.
  const world = kafka.consumer({ groupId: 'keytrail-generator', sessionTimeout: 30_000 })
  await world.connect()
  await world.subscribe({ topics: ['payments', 'shipments'], fromBeginning: false })
  await world.run({
    eachMessage: async ({ topic, message }) => {
      const event = eventSchema.safeParse(safeJson(message.value?.toString()))
      if (!event.success) return
      const e = event.data
      const parent = message.headers?.traceparent?.toString()
      if (topic === 'payments' && e.type === 'PaymentRequested') {
        const paymentId = String(e.paymentId ?? '')
        const answer = (failed: boolean) => () =>
          later(300 + rand() * 1700, () =>
            send('payments', [
              record(
                paymentId,
                envelope(failed ? 'PaymentFailed' : 'PaymentReceived', e.orderId, e.eventId, rand, {
                  paymentId,
                  amount: e.amount,
                  ...(failed ? { reason: 'card-declined' } : { provider: 'demo-pay' }),
                }),
                childTraceparent(parent, rand),
              ),
            ]).then(() => undefined),
          )
        if (stuckOrders.has(e.orderId)) {
          if (held.size < MAX_PENDING) held.set(e.orderId, answer(false))
          return
        }
        answer(rand() < (opts.failShare ?? 0.05))()
      } else if (topic === 'shipments' && e.type === 'ShipmentInitiated') {
        const shipmentId = String(e.shipmentId ?? '')
        const shipped = envelope('ItemShipped', e.orderId, e.eventId, rand, { shipmentId, carrier: e.carrier })
        const tpShipped = childTraceparent(parent, rand)
        later(1000 + rand() * 2000, async () => {
          await send('shipments', [record(shipmentId, shipped, tpShipped)])
          later(1000 + rand() * 2000, async () => {
            const delivered = envelope('Delivered', e.orderId, shipped.eventId, rand, {
              shipmentId,
              carrier: e.carrier,
            })
            await send('shipments', [record(shipmentId, delivered, childTraceparent(tpShipped, rand))])
          })
        })
      }
    },
  })

  // Customers: rate orders a second, sent every 100 ms.
  let owed = 0
  let created = 0
  while (!opts.signal?.aborted) {
    owed += rate / 10
    const n = Math.floor(owed)
    owed -= n
    if (n > 0) {
      const messages = Array.from({ length: n }, () => {
        const orderId = `ord-${Math.floor(rand() * 2 ** 48)
          .toString(16)
          .padStart(12, '0')}`
        if (stuck) {
          stuckOrders.add(orderId)
          if (stuckOrders.size > MAX_PENDING) stuckOrders.delete(stuckOrders.values().next().value as string)
        }
        const sku =
          rand() < 0.02
            ? `SKU-RARE-${1 + Math.floor(rand() * 3)}`
            : (SKUS[Math.floor(rand() * SKUS.length)] ?? 'SKU-0001')
        const quantity = 1 + Math.floor(rand() * 3)
        return record(
          orderId,
          envelope('OrderCreated', orderId, null, rand, {
            customerId: `cust-${Math.floor(rand() * 5000)}`,
            sku,
            quantity,
            amount: Math.round(quantity * (5 + rand() * 95) * 100) / 100,
            currency: 'EUR',
          }),
          newTraceparent(rand),
        )
      })
      await send('orders', messages).catch((err: unknown) => log(`create failed: ${String(err)}`))
      created += n
      if (created % 1000 < n) log(`${created} orders created`)
    }
    await sleep(100, opts.signal)
  }
  await Promise.allSettled([world.disconnect(), control.disconnect()])
  await producer.disconnect()
}

function safeJson(text: string | undefined): unknown {
  if (!text) return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}
