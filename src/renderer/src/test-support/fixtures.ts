// Data shaped like the demo stack's (stack/: the order pipeline and its Flink jobs), each checked
// against the contract so that a component test sees what the core really sends.
import {
  checkpointRecordViewSchema,
  checkpointsViewSchema,
  clusterViewSchema,
  groupSummarySchema,
  profileViewSchema,
  traceEventSchema,
  type CheckpointsView,
  type ClusterView,
  type GroupSummary,
  type LagStatus,
  type ProfileView,
  type TraceEvent,
  type TraceStats,
} from '../../../shared/contract'

export const T0 = Date.UTC(2026, 11, 2, 9, 30, 0)

export const localProfile: ProfileView = profileViewSchema.parse({
  id: 'local',
  name: 'Local stack',
  environment: 'local',
  readOnly: false,
  kafka: { brokers: ['127.0.0.1:9092'] },
  flink: { url: 'http://127.0.0.1:8081' },
  trace: {
    entity: 'order',
    rootKind: 'orderId',
    topics: [
      { topic: 'orders', ids: [{ from: 'key', kind: 'orderId' }], links: [{ path: '$.paymentId', kind: 'paymentId' }] },
      { topic: 'payments', ids: [{ from: 'value', path: '$.orderId', kind: 'orderId' }] },
      { topic: 'shipments', ids: [{ from: 'value', path: '$.orderId', kind: 'orderId' }] },
    ],
  },
  color: '#3b82f6',
  secrets: [],
  builtIn: true,
})

/** One order's story as the trace engine reports it: `types` in order, one second apart. */
export function orderEvents(orderId: string, types: readonly string[]): TraceEvent[] {
  const topicOf = (type: string) =>
    type.startsWith('Payment') ? 'payments' : type.startsWith('Ship') || type === 'ItemShipped' ? 'shipments' : 'orders'
  return types.map((type, i) =>
    traceEventSchema.parse({
      topic: topicOf(type),
      partition: i % 3,
      offset: 1200 + i,
      timestamp: T0 + i * 1000,
      key: topicOf(type) === 'orders' ? orderId : `pay-${orderId.slice(4)}`,
      keyFormat: 'text',
      headers: { 'event-type': type },
      value: { type, eventId: `evt-${i}`, orderId, causationId: i > 0 ? `evt-${i - 1}` : undefined },
      valueFormat: 'json',
      tombstone: false,
      aborted: false,
      size: 180,
      type,
      eventId: `evt-${i}`,
      ...(i > 0 ? { causationId: `evt-${i - 1}` } : {}),
      matchedBy: topicOf(type) === 'orders' ? 'key orderId' : '$.orderId',
    }),
  )
}

export function traceStats(recordsScanned: number, cancelled = false): TraceStats {
  return {
    recordsScanned,
    bytesScanned: recordsScanned * 180,
    partitionsRead: 9,
    elapsedMs: 840,
    passes: 1,
    window: { from: T0 - 60_000, until: null },
    cancelled,
  }
}

function group(name: string, status: LagStatus, over: Partial<GroupSummary> = {}): GroupSummary {
  return groupSummarySchema.parse({
    group: name,
    state: 'Stable',
    protocol: 'range',
    members: 1,
    topics: ['orders'],
    totalLag: 0,
    maxLagSeconds: 0,
    lagSecondsKind: 'exact',
    verdict: { status, reason: `${name} is ${status}`, window: 10 },
    flinkJob: null,
    alerts: [],
    ...over,
  })
}

/** The demo's consumer groups: three Flink jobs and an ad-hoc console consumer. */
export const demoGroups: GroupSummary[] = [
  group('order-service', 'OK', {
    members: 0,
    topics: ['orders', 'payments'],
    totalLag: 12,
    maxLagSeconds: 0.4,
    flinkJob: 'order-service',
  }),
  group('inventory-service', 'WARN', { members: 0, totalLag: 340, maxLagSeconds: 18, flinkJob: 'inventory-service' }),
  group('shipping-service', 'STALL', {
    members: 0,
    topics: ['orders', 'shipments'],
    totalLag: 5_400,
    maxLagSeconds: 312,
    flinkJob: 'shipping-service',
    alerts: ['time lag 312 s above 60 s for 60 s'],
  }),
  group('console-consumer-4711', 'STOP', {
    state: 'Empty',
    members: 0,
    topics: ['payments'],
    totalLag: 90,
    maxLagSeconds: null,
    lagSecondsKind: null,
  }),
]

type CheckpointRow = CheckpointsView['history'][number]

/** Checkpoints 1..count of the order-service job, every 5 s; each tenth one failed on a timeout. */
export function checkpointHistory(count: number): CheckpointRow[] {
  return Array.from({ length: count }, (_, i) => {
    const id = i + 1
    const failed = id % 10 === 0
    return checkpointRecordViewSchema.parse({
      jobId: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
      jobName: 'order-service',
      id,
      status: failed ? 'FAILED' : 'COMPLETED',
      isSavepoint: false,
      type: 'CHECKPOINT',
      triggerTimestamp: T0 + id * 5_000,
      latestAckTimestamp: failed ? null : T0 + id * 5_000 + 120,
      durationMs: failed ? null : 120,
      stateSize: failed ? null : 48_000 + id,
      checkpointedSize: failed ? null : 2_000,
      processedData: 0,
      persistedData: 0,
      alignmentBuffered: 0,
      numSubtasks: 4,
      numAcknowledgedSubtasks: failed ? 2 : 4,
      externalPath: failed ? null : `file:/tmp/flink-checkpoints/chk-${id}`,
      failureTimestamp: failed ? T0 + id * 5_000 + 10_000 : null,
      failureMessage: failed ? 'Checkpoint expired before completing.' : null,
    })
  })
}

const orderServiceJob = {
  jid: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
  name: 'order-service',
  state: 'RUNNING',
  startTime: T0,
  durationMs: 3_600_000,
  tasksTotal: 4,
  tasksRunning: 4,
}

export const demoCluster: ClusterView = clusterViewSchema.parse({
  version: '1.20.1',
  slotsTotal: 8,
  slotsAvailable: 4,
  taskManagers: [{ id: 'tm-1', slots: 8, freeSlots: 4, heapBytes: 512 * 2 ** 20, lastHeartbeat: T0 }],
  jobs: [orderServiceJob],
})

/** What `checkpoints.get` answers for order-service: the newest `limit` of `all`, counted in full. */
export function checkpointsView(all: CheckpointRow[], limit: number): CheckpointsView {
  const completed = all.filter((r) => r.status === 'COMPLETED')
  const failed = all.filter((r) => r.status === 'FAILED')
  return checkpointsViewSchema.parse({
    job: orderServiceJob,
    counts: { total: all.length, inProgress: 0, completed: completed.length, failed: failed.length, restored: 0 },
    latest: { completed: completed.at(-1) ?? null, failed: failed.at(-1) ?? null, savepoint: null, restored: null },
    config: {
      mode: 'EXACTLY_ONCE',
      intervalMs: 5_000,
      timeoutMs: 600_000,
      minPauseMs: 0,
      maxConcurrent: 1,
      unaligned: false,
      tolerableFailures: 0,
      retention: 'DELETE_ON_CANCELLATION',
      stateBackend: 'hashmap',
      storage: 'FileSystemCheckpointStorage',
    },
    history: all.slice(-limit),
    historyTotal: all.length,
    operatorTrend: { operators: [], points: [] },
    trend: [],
    detectors: [],
  })
}
