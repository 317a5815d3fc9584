import { randomBytes } from 'node:crypto'
import { CompressionTypes, type Consumer, type Kafka, type Producer } from 'kafkajs'
import { z } from 'zod'
import { sleep } from '../util/sleep'
import { runRegistryMirror } from './registry-mirror'
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
const switchSchema = z.looseObject({
  on: z.boolean().optional(),
  rate: z.number().min(0).max(5000).optional(),
  url: z.url().nullable().optional(),
})
const eventSchema = z.looseObject({ type: z.string(), eventId: z.string(), orderId: z.string() })

/** What the generator's parts share: its randomness, its producer, and the switches' state. */
interface Demo {
  rand: () => number
  log: (line: string) => void
  failShare: number
  rate: number
  stuck: boolean
  /** Orders created while stuck-orders is on (their payments are held). */
  stuckOrders: Set<string>
  /** Payments held back from stuck orders: answered late when the switch goes off (the gateway catches up). */
  held: Map<string, () => void>
  /** Runs `fn` after `ms`, unless too much is already pending. */
  later(ms: number, fn: () => Promise<void>): void
  send(topic: string, messages: ReturnType<typeof record>[]): Promise<unknown>
}

/**
 * The demo's outside world: customers creating orders, the payment gateway answering payment
 * requests, the carrier shipping and delivering. Reacts to the control topic (traffic rate,
 * stuck-orders). Runs until the signal aborts.
 */
export async function runGenerator(opts: GeneratorOptions): Promise<void> {
  const kafka: Kafka = stackKafka({ kafkaPort: opts.kafkaPort }, 'keytrail-generator')
  const producer: Producer = kafka.producer({ allowAutoTopicCreation: false, idempotent: true, maxInFlightRequests: 1 })
  await producer.connect()
  const demo = demoOf(opts, producer)
  const mirror = registryMirrorSwitch(kafka, producer, demo.log, opts.signal)
  const control = await watchSwitches(kafka, demo, mirror.set)
  const world = await answerTheWorld(kafka, demo)
  await createOrders(demo, opts.signal)
  await Promise.allSettled([world.disconnect(), control.disconnect(), mirror.stop()])
  await producer.disconnect()
}

function demoOf(opts: GeneratorOptions, producer: Producer): Demo {
  const log = opts.log ?? (() => undefined)
  let pending = 0
  return {
    rand: seededRandom(opts.seed ?? randomBytes(4).readUInt32LE()),
    log,
    failShare: opts.failShare ?? 0.05,
    rate: opts.rate,
    stuck: false,
    stuckOrders: new Set<string>(),
    held: new Map<string, () => void>(),
    later(ms, fn) {
      if (pending >= MAX_PENDING) return
      pending++
      setTimeout(() => {
        pending--
        fn().catch((err: unknown) => log(`send failed: ${String(err)}`))
      }, ms).unref()
    },
    send: (topic, messages) => producer.send({ topic, messages, compression: CompressionTypes.None }),
  }
}

/**
 * The registry mirror, switched by the control topic (`stack up --registry` publishes the
 * registry's URL): a running generator starts it without a restart, which would stall the demo's
 * traffic while its consumer group waits out the old member's session.
 */
function registryMirrorSwitch(kafka: Kafka, producer: Producer, log: (line: string) => void, signal?: AbortSignal) {
  let running: { url: string; abort: AbortController; consumer: Promise<Consumer | undefined> } | undefined
  const stop = async (): Promise<void> => {
    const was = running
    running = undefined
    if (!was) return
    was.abort.abort()
    await (await was.consumer)?.disconnect()
  }
  const set = (url: string | null): void => {
    if (running?.url === url || (!running && !url)) return
    const previous = stop()
    if (!url) {
      log('registry mirror off')
      return
    }
    const abort = new AbortController()
    const both = signal ? AbortSignal.any([abort.signal, signal]) : abort.signal
    running = {
      url,
      abort,
      // Not awaited: the mirror waits for the registry, and orders are created meanwhile.
      consumer: previous
        .then(() => runRegistryMirror(kafka, producer, url, log, both))
        .catch((err: unknown) => {
          log(`registry mirror failed: ${String(err)}`)
          return undefined
        }),
    }
  }
  return { set, stop }
}

/** Switches: read the compacted control topic from its start, no offsets kept. */
async function watchSwitches(kafka: Kafka, demo: Demo, setMirror: (url: string | null) => void): Promise<Consumer> {
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
        demo.rate = parsed.data.rate
        demo.log(`traffic rate ${demo.rate}/s`)
      }
      if (key === 'stuck-orders') setStuck(demo, parsed.data.on === true)
      if (key === 'schema-registry' && parsed.data.url !== undefined) setMirror(parsed.data.url)
    },
  })
  return control
}

function setStuck(demo: Demo, on: boolean): void {
  demo.stuck = on
  demo.log(`stuck-orders ${on ? 'on' : 'off'}${on ? '' : `: ${demo.held.size} held payment(s) answered`}`)
  if (on) return
  for (const pay of demo.held.values()) pay()
  demo.held.clear()
  demo.stuckOrders.clear()
}

/** The payment gateway and the carrier: a real consumer group, committing as it goes. */
async function answerTheWorld(kafka: Kafka, demo: Demo): Promise<Consumer> {
  const world = kafka.consumer({ groupId: 'keytrail-generator', sessionTimeout: 30_000 })
  await world.connect()
  await world.subscribe({ topics: ['payments', 'shipments'], fromBeginning: false })
  await world.run({
    eachMessage: async ({ topic, message }) => {
      const event = eventSchema.safeParse(safeJson(message.value?.toString()))
      if (!event.success) return
      const parent = message.headers?.traceparent?.toString()
      if (topic === 'payments' && event.data.type === 'PaymentRequested') answerPayment(demo, event.data, parent)
      else if (topic === 'shipments' && event.data.type === 'ShipmentInitiated') ship(demo, event.data, parent)
    },
  })
  return world
}

type DemoEvent = z.infer<typeof eventSchema>

function answerPayment(demo: Demo, e: DemoEvent, parent: string | undefined): void {
  const { rand } = demo
  const paymentId = String(e.paymentId ?? '')
  const answer = (failed: boolean) => () =>
    demo.later(300 + rand() * 1700, () =>
      demo
        .send('payments', [
          record(
            paymentId,
            envelope(failed ? 'PaymentFailed' : 'PaymentReceived', e.orderId, e.eventId, rand, {
              paymentId,
              amount: e.amount,
              ...(failed ? { reason: 'card-declined' } : { provider: 'demo-pay' }),
            }),
            childTraceparent(parent, rand),
          ),
        ])
        .then(() => undefined),
    )
  if (demo.stuckOrders.has(e.orderId)) {
    if (demo.held.size < MAX_PENDING) demo.held.set(e.orderId, answer(false))
    return
  }
  answer(rand() < demo.failShare)()
}

function ship(demo: Demo, e: DemoEvent, parent: string | undefined): void {
  const { rand } = demo
  const shipmentId = String(e.shipmentId ?? '')
  const shipped = envelope('ItemShipped', e.orderId, e.eventId, rand, { shipmentId, carrier: e.carrier })
  const tpShipped = childTraceparent(parent, rand)
  demo.later(1000 + rand() * 2000, async () => {
    await demo.send('shipments', [record(shipmentId, shipped, tpShipped)])
    demo.later(1000 + rand() * 2000, async () => {
      const delivered = envelope('Delivered', e.orderId, shipped.eventId, rand, { shipmentId, carrier: e.carrier })
      await demo.send('shipments', [record(shipmentId, delivered, childTraceparent(tpShipped, rand))])
    })
  })
}

/** Customers: `rate` orders a second, sent every 100 ms, until the signal aborts. */
async function createOrders(demo: Demo, signal: AbortSignal | undefined): Promise<void> {
  let owed = 0
  let created = 0
  while (!signal?.aborted) {
    owed += demo.rate / 10
    const n = Math.floor(owed)
    owed -= n
    if (n > 0) {
      const messages = Array.from({ length: n }, () => newOrder(demo))
      await demo.send('orders', messages).catch((err: unknown) => demo.log(`create failed: ${String(err)}`))
      created += n
      if (created % 1000 < n) demo.log(`${created} orders created`)
    }
    await sleep(100, signal)
  }
}

function newOrder(demo: Demo): ReturnType<typeof record> {
  const { rand } = demo
  const orderId = `ord-${Math.floor(rand() * 2 ** 48)
    .toString(16)
    .padStart(12, '0')}`
  if (demo.stuck) {
    demo.stuckOrders.add(orderId)
    if (demo.stuckOrders.size > MAX_PENDING) demo.stuckOrders.delete(demo.stuckOrders.values().next().value as string)
  }
  const sku =
    rand() < 0.02 ? `SKU-RARE-${1 + Math.floor(rand() * 3)}` : (SKUS[Math.floor(rand() * SKUS.length)] ?? 'SKU-0001')
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
}

function safeJson(text: string | undefined): unknown {
  if (!text) return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}
