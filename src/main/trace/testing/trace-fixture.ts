import {
  traceInputSchema,
  traceMapSchema,
  type TraceInput,
  type TraceMapInput,
  type TraceResult,
  type TraceUpdate,
} from '../../../shared/contract/trace'
import { demoTraceMap } from '../demo-trace-map'
import { TraceRun, type TraceDeps } from '../trace-engine'
import { MemorySource, type MemoryRecord } from './memory-source'

export const MIN = 60_000
export const HOUR = 60 * MIN
/** "Now" of the fixtures: a fixed point, so that verdicts do not depend on the test machine's clock. */
export const NOW = Date.UTC(2026, 5, 1, 12, 0, 0)

/** The demo topics in memory: orders keyed by orderId over `ordersPartitions`, the others small. */
export function demoSource(ordersPartitions = 6, opts: ConstructorParameters<typeof MemorySource>[0] = {}) {
  return new MemorySource(opts)
    .topic('orders', ordersPartitions)
    .topic('payments', 2)
    .topic('inventory', 2)
    .topic('shipments', 2)
}

let seq = 0
/** One envelope event of the demo domain, as the pipeline writes it. */
export function event(
  type: string,
  orderId: string,
  timestamp: number,
  extra: Record<string, unknown> = {},
): MemoryRecord & { value: Record<string, unknown> } {
  const eventId = `ev-${++seq}`
  return {
    timestamp,
    value: { type, eventId, orderId, occurredAt: timestamp, ...extra },
    headers: { 'event-type': type },
  }
}

/** Appends the happy path of one order from `t0`, one step a minute (the first `steps` of it); returns its ids. */
export function happyOrder(source: MemorySource, orderId: string, t0: number, stepMs = MIN, steps = 9) {
  const paymentId = `pay-${orderId}`
  const shipmentId = `shp-${orderId}`
  const at = (i: number) => t0 + i * stepMs
  let n = 0
  const put = (topic: string, key: string, type: string, i: number, extra: Record<string, unknown> = {}) => {
    if (n++ < steps) source.append(topic, { ...event(type, orderId, at(i), extra), key })
  }
  put('orders', orderId, 'OrderCreated', 0)
  put('payments', paymentId, 'PaymentRequested', 1, { paymentId })
  put('inventory', 'sku-1', 'InventoryReserved', 1)
  put('payments', paymentId, 'PaymentReceived', 2, { paymentId })
  put('orders', orderId, 'OrderConfirmed', 3, { paymentId })
  put('shipments', shipmentId, 'ShipmentInitiated', 4, { shipmentId })
  put('shipments', shipmentId, 'ItemShipped', 5, { shipmentId })
  put('shipments', shipmentId, 'Delivered', 6, { shipmentId })
  put('orders', orderId, 'OrderCompleted', 7, { shipmentId })
  return { paymentId, shipmentId }
}

/** The partitions of a topic a trace reported reading (its progress bars). */
export function partitionsRead(updates: TraceUpdate[], topic: string): number[] {
  const read = new Set<number>()
  for (const u of updates) {
    if (u.kind === 'progress') for (const p of u.partitions) if (p.topic === topic) read.add(p.partition)
  }
  return [...read].sort((a, b) => a - b)
}

export interface Traced {
  result: TraceResult
  updates: TraceUpdate[]
}

/** Runs one trace over the source, collecting what it streams. */
export async function traceOn(
  source: MemorySource,
  input: Omit<TraceInput, 'id'>,
  opts: {
    map?: TraceMapInput
    signal?: AbortSignal
    deps?: Partial<TraceDeps>
  } = {},
): Promise<Traced> {
  const updates: TraceUpdate[] = []
  const run = new TraceRun(
    { reader: source, map: traceMapSchema.parse(opts.map ?? demoTraceMap), now: () => NOW, ...opts.deps },
    traceInputSchema.parse({ id: 'local', ...input }),
    (u) => updates.push(u),
    opts.signal ?? new AbortController().signal,
  )
  return { result: await run.run(), updates }
}
