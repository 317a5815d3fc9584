import { expect } from 'vitest'
import { z } from 'zod'
import { committedTotal, flink, jobsOverview, readTopics, until, withAdmin } from './support'

export const EVENT_TYPES: Record<string, string[]> = {
  orders: ['OrderCreated', 'OrderConfirmed', 'OrderCancelled', 'OrderCompleted'],
  payments: ['PaymentRequested', 'PaymentReceived', 'PaymentFailed'],
  inventory: ['InventoryReserved', 'InventoryRejected'],
  shipments: ['ShipmentInitiated', 'ItemShipped', 'Delivered'],
}
const KEY_FIELD: Record<string, string> = {
  orders: 'orderId',
  payments: 'paymentId',
  inventory: 'sku',
  shipments: 'shipmentId',
}
const JOB_INPUTS: Record<string, string[]> = {
  'order-service': ['orders', 'payments', 'inventory', 'shipments'],
  'inventory-service': ['orders'],
  'shipping-service': ['orders'],
}
const checkpointCounts = z.looseObject({ counts: z.looseObject({ completed: z.number(), failed: z.number() }) })
const envelopeSchema = z.looseObject({
  type: z.string(),
  eventId: z.string().uuid(),
  orderId: z.string().min(1),
  occurredAt: z.string().datetime(),
  causationId: z.string().nullable(),
})

/** The checks every stack must pass, whatever its Kafka version (issue: the stack). */
export async function checkStack(kafkaPort: number, flinkPort: number): Promise<void> {
  const metadata = await withAdmin((a) => a.fetchTopicMetadata({ topics: Object.keys(EVENT_TYPES) }), kafkaPort)
  expect(metadata.topics.map((t) => [t.name, t.partitions.length]).sort()).toEqual(
    Object.keys(EVENT_TYPES)
      .map((t) => [t, 6])
      .sort(),
  )

  const { jobs } = await flink('/jobs/overview', jobsOverview, flinkPort)
  const running = jobs.filter((j) => j.state === 'RUNNING')
  expect(running.map((j) => j.name).sort()).toEqual(['inventory-service', 'order-service', 'shipping-service'])

  for (const job of running) {
    const cp = await until(`a completed checkpoint of ${job.name}`, 60_000, async () => {
      const c = await flink(`/jobs/${job.jid}/checkpoints`, checkpointCounts, flinkPort)
      return c.counts.completed > 0 ? c : undefined
    })
    expect(cp.counts.completed).toBeGreaterThan(0)
    const committed = await until(`committed offsets of group ${job.name}`, 60_000, async () => {
      const total = await committedTotal(job.name, JOB_INPUTS[job.name] ?? [], kafkaPort)
      return total > 0 ? total : undefined
    })
    expect(committed).toBeGreaterThan(0)
  }

  const wanted = Object.entries(EVENT_TYPES).flatMap(([topic, types]) => types.map((t) => `${topic}/${t}`))
  const found = new Set<string>()
  const records = await readTopics(
    Object.keys(EVENT_TYPES),
    (seen) => {
      const r = seen[seen.length - 1]
      const type = r?.headers['event-type']
      if (r && type) found.add(`${r.topic}/${type}`)
      return wanted.every((w) => found.has(w))
    },
    150_000,
    kafkaPort,
  )
  expect([...found].sort()).toEqual([...wanted].sort())
  for (const topic of Object.keys(EVENT_TYPES)) {
    const sample = records.filter((r) => r.topic === topic).slice(-50)
    expect(sample.length).toBeGreaterThan(0)
    for (const r of sample) {
      const value = envelopeSchema.parse(JSON.parse(r.value ?? 'null'))
      expect(r.headers['event-type']).toBe(value.type)
      expect(r.headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/)
      expect(r.key).toBe(String((value as Record<string, unknown>)[KEY_FIELD[topic] ?? '']))
    }
  }
}
