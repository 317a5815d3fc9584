// Fills the bench topics (bench-orders, -payments, -inventory, -shipments; the demo topics' shape:
// same keys, envelope and headers) to 1M events each, timestamps spread over the past 7 days in
// order. Own topics, not the demo's: 1M synthetic orders in `orders` would run through the Flink
// pipeline and bury the stack. Idempotent: a topic already holding 1M records is left as it is.
import { CompressionTypes, type Kafka, type Message } from 'kafkajs'

export const BENCH_TOPICS = ['bench-orders', 'bench-payments', 'bench-inventory', 'bench-shipments'] as const
export const PER_TOPIC = 1_000_000
export const HEAVY_TENANT = 't-heavy'
const ORDERS = Math.ceil(PER_TOPIC / 3)
const SPAN_MS = 7 * 86_400_000

let seed = 42
const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
const hex = (n: number) =>
  Math.floor(rand() * 16 ** n)
    .toString(16)
    .padStart(n, '0')
const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`

export function orderIdOf(i: number): string {
  return `ord-${i.toString(16).padStart(12, '0')}`
}

interface Ev {
  topic: (typeof BENCH_TOPICS)[number]
  key: string
  ts: number
  value: Record<string, unknown>
}

/** The nine events of order i (the demo's flow), or fewer for a heavy tenant's orders. */
function orderEvents(i: number, t0: number): Ev[] {
  const orderId = orderIdOf(i)
  const tail = orderId.slice(-12)
  const paymentId = `pay-${tail}`
  const shipmentId = `shp-${tail}`
  // About 10,000 events belong to one tenant: the timeline bench traces it.
  const tenant = i % 30 === 7 ? HEAVY_TENANT : `t-${i % 97}`
  const base = t0 + Math.floor((i / ORDERS) * SPAN_MS)
  let prev: string | null = null
  const ev = (topic: Ev['topic'], key: string, dt: number, type: string, extra: Record<string, unknown> = {}): Ev => {
    const eventId = uuid()
    const e = {
      topic,
      key,
      ts: base + dt,
      value: {
        type,
        eventId,
        orderId,
        tenant,
        occurredAt: new Date(base + dt).toISOString(),
        causationId: prev,
        ...extra,
      },
    }
    prev = eventId
    return e
  }
  return [
    ev('bench-orders', orderId, 0, 'OrderCreated', { sku: `SKU-${i % 50}`, amount: 12.5 }),
    ev('bench-payments', paymentId, 150, 'PaymentRequested', { paymentId }),
    ev('bench-inventory', `SKU-${i % 50}`, 300, 'InventoryReserved', { sku: `SKU-${i % 50}` }),
    ev('bench-payments', paymentId, 6000, 'PaymentReceived', { paymentId, provider: 'demo-pay' }),
    ev('bench-orders', orderId, 9000, 'OrderConfirmed', { paymentId }),
    ev('bench-shipments', shipmentId, 14000, 'ShipmentInitiated', { shipmentId, carrier: 'DHL' }),
    ev('bench-shipments', shipmentId, 16000, 'ItemShipped', { shipmentId }),
    ev('bench-shipments', shipmentId, 19000, 'Delivered', { shipmentId }),
    ev('bench-orders', orderId, 19100, 'OrderCompleted', { shipmentId }),
  ]
}

/** Noise that tops a topic up to 1M: records of no order (stock counts, payment audits). */
function noise(topic: Ev['topic'], i: number, ts: number): Ev {
  const type = topic === 'bench-payments' ? 'PaymentAudit' : 'StockCounted'
  return {
    topic,
    key: `noise-${i % 1000}`,
    ts,
    value: { type, eventId: uuid(), occurredAt: new Date(ts).toISOString(), count: i % 100 },
  }
}

export async function fill(kafka: Kafka, log: (s: string) => void): Promise<{ filledNow: boolean }> {
  const admin = kafka.admin()
  await admin.connect()
  const existing = await admin.listTopics()
  const counts = new Map<string, number>()
  for (const t of BENCH_TOPICS) {
    if (!existing.includes(t)) continue
    const offs = await admin.fetchTopicOffsets(t)
    counts.set(
      t,
      offs.reduce((s, p) => s + Number(p.high) - Number(p.low), 0),
    )
  }
  if (BENCH_TOPICS.every((t) => (counts.get(t) ?? 0) >= PER_TOPIC)) {
    await admin.disconnect()
    return { filledNow: false }
  }
  await admin.deleteTopics({ topics: BENCH_TOPICS.filter((t) => existing.includes(t)) }).catch(() => undefined)
  await new Promise((r) => setTimeout(r, 2000))
  await admin.createTopics({ topics: BENCH_TOPICS.map((topic) => ({ topic, numPartitions: 6 })), waitForLeaders: true })
  await admin.disconnect()
  const producer = kafka.producer({ allowAutoTopicCreation: false })
  await producer.connect()
  const t0 = Date.now() - SPAN_MS - 3_600_000
  const buffers = new Map<string, Message[]>(BENCH_TOPICS.map((t) => [t, []]))
  const written = new Map<string, number>(BENCH_TOPICS.map((t) => [t, 0]))
  const flush = async (force = false) => {
    const batch = [...buffers].filter(([, m]) => m.length >= 5000 || (force && m.length))
    if (!batch.length) return
    await producer.sendBatch({
      compression: CompressionTypes.None,
      acks: 1,
      topicMessages: batch.map(([topic, messages]) => ({ topic, messages })),
    })
    for (const [t, m] of batch) {
      written.set(t, (written.get(t) ?? 0) + m.length)
      buffers.set(t, [])
    }
  }
  const push = (e: Ev) =>
    buffers.get(e.topic)!.push({
      key: e.key,
      value: JSON.stringify(e.value),
      timestamp: String(e.ts),
      headers: { 'event-type': String(e.value.type) },
    })
  const started = Date.now()
  for (let i = 0; i < ORDERS; i++) {
    for (const e of orderEvents(i, t0)) push(e)
    // Noise at the same pace, so that every topic reaches 1M with timestamps in order.
    push(noise('bench-payments', i, t0 + Math.floor((i / ORDERS) * SPAN_MS) + 500))
    push(noise('bench-inventory', 2 * i, t0 + Math.floor((i / ORDERS) * SPAN_MS) + 600))
    push(noise('bench-inventory', 2 * i + 1, t0 + Math.floor((i / ORDERS) * SPAN_MS) + 700))
    await flush()
    if (i % 50_000 === 0) log(`  filled ${i}/${ORDERS} orders (${Math.round((Date.now() - started) / 1000)} s)`)
  }
  await flush(true)
  await producer.disconnect()
  log(
    `  filled in ${Math.round((Date.now() - started) / 1000)} s: ${[...written].map(([t, n]) => `${t} ${n}`).join(', ')}`,
  )
  return { filledNow: true }
}
