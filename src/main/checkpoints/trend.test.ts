import { describe, expect, it } from 'vitest'
import type { CheckpointRecord } from './checkpoint-record'
import { operatorTrend, trend } from './trend'

const rec = (
  id: number,
  at: number,
  durationMs: number,
  status: 'COMPLETED' | 'FAILED' = 'COMPLETED',
): CheckpointRecord => ({
  jobId: 'j',
  jobName: 'job',
  id,
  status,
  isSavepoint: false,
  type: null,
  triggerTimestamp: at,
  latestAckTimestamp: at + durationMs,
  durationMs,
  stateSize: id * 10,
  checkpointedSize: id,
  processedData: null,
  persistedData: null,
  alignmentBuffered: null,
  numSubtasks: 1,
  numAcknowledgedSubtasks: 1,
  externalPath: null,
  failureTimestamp: null,
  failureMessage: null,
})

describe('checkpoint trend', () => {
  it('buckets any number of checkpoints into at most the asked points, keeping spikes and failures', () => {
    const records = Array.from({ length: 10_000 }, (_, i) =>
      rec(i + 1, i * 5000, i === 5000 ? 55_000 : 100, i % 1000 === 7 ? 'FAILED' : 'COMPLETED'),
    )
    const points = trend(records, 200)
    expect(points.length).toBeLessThanOrEqual(200)
    expect(points.length).toBeGreaterThan(190)
    expect(Math.max(...points.map((p) => p.durationMaxMs ?? 0))).toBe(55_000)
    expect(points.reduce((s, p) => s + p.failed, 0)).toBe(10)
    expect(points.reduce((s, p) => s + p.completed + p.failed, 0)).toBe(10_000)
    expect(points[points.length - 1]?.stateSize).toBe(100_000)
  })

  it('is empty for no history', () => {
    expect(trend([])).toEqual([])
  })
})

describe('per-operator trend', () => {
  it('carries each operator’s size and duration, named', () => {
    const records = Array.from({ length: 30 }, (_, i) => ({
      ...rec(i + 1, i * 5000, 100),
      operators: [
        { id: 'a', name: 'Order state machine', stateSize: 1000 + i, durationMs: 50 + i },
        { id: 'b', name: 'Kafka source', stateSize: 10, durationMs: 40 },
      ],
    }))
    const t = operatorTrend([rec(0, -1, 1), ...records], 10)
    expect(t.operators).toEqual([
      { id: 'a', name: 'Order state machine' },
      { id: 'b', name: 'Kafka source' },
    ])
    expect(t.points.length).toBeLessThanOrEqual(10)
    expect(t.points[t.points.length - 1]).toMatchObject({ sizes: { a: 1029, b: 10 }, durations: { a: 79, b: 40 } })
  })
})
