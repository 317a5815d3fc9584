import { describe, expect, it } from 'vitest'
import type { CheckpointRecord } from './checkpoint-record'
import { runDetectors, type DetectorInput } from './detectors'

const NOW = 1_800_000_000_000
let nextId = 1
function rec(partial: Partial<CheckpointRecord> & { at: number }): CheckpointRecord {
  const { at, ...rest } = partial
  return {
    jobId: 'j',
    jobName: 'job',
    id: nextId++,
    status: 'COMPLETED',
    isSavepoint: false,
    type: 'CHECKPOINT',
    triggerTimestamp: at,
    latestAckTimestamp: at + 100,
    durationMs: 100,
    stateSize: 1000,
    checkpointedSize: 1000,
    processedData: 0,
    persistedData: 0,
    alignmentBuffered: 0,
    numSubtasks: 2,
    numAcknowledgedSubtasks: 2,
    externalPath: null,
    failureTimestamp: null,
    failureMessage: null,
    ...rest,
  }
}
const input = (records: CheckpointRecord[], more: Partial<DetectorInput> = {}): DetectorInput => ({
  records,
  intervalMs: 5000,
  timeoutMs: 60_000,
  jobRunning: true,
  restartTimestamps: [],
  now: NOW,
  ...more,
})
const fired = (i: DetectorInput) =>
  runDetectors(i)
    .filter((d) => d.firing)
    .map((d) => d.id)

describe('checkpoint detectors', () => {
  it('fire nothing for a healthy job', () => {
    const records = Array.from({ length: 10 }, (_, i) => rec({ at: NOW - (10 - i) * 5000 }))
    expect(fired(input(records))).toEqual([])
  })

  it('flag three failures in a row with the last message', () => {
    const records = [
      rec({ at: NOW - 20_000 }),
      ...[3, 2, 1].map((k) =>
        rec({ at: NOW - k * 5000, status: 'FAILED', failureMessage: 'Asynchronous task checkpoint failed.' }),
      ),
    ]
    const d = runDetectors(input(records)).find((x) => x.id === 'consecutive-failures')
    expect(d?.firing).toBe(true)
    expect(d?.evidence).toContain('3 failed in a row; last: Asynchronous task checkpoint failed.')
  })

  it('flag no completed checkpoint for more than three intervals, only while running', () => {
    const records = [rec({ at: NOW - 60_000 })]
    expect(fired(input(records))).toContain('no-recent-checkpoint')
    expect(fired(input(records, { jobRunning: false }))).not.toContain('no-recent-checkpoint')
  })

  it('flag durations near the timeout and back to back', () => {
    const slow = [50_000, 51_000, 52_000].map((d, i) =>
      rec({ at: NOW - (3 - i) * 60_000, durationMs: d, latestAckTimestamp: NOW - 1000 }),
    )
    expect(fired(input(slow))).toEqual(expect.arrayContaining(['near-timeout', 'back-to-back']))
  })

  it('flag steady state growth, not noise', () => {
    const growing = Array.from({ length: 12 }, (_, i) =>
      rec({ at: NOW - (12 - i) * 60_000, stateSize: 1_000_000 + i * 200_000, latestAckTimestamp: NOW - 1000 }),
    )
    expect(fired(input(growing))).toContain('state-growth')
    const noisy = Array.from({ length: 12 }, (_, i) =>
      rec({ at: NOW - (12 - i) * 60_000, stateSize: i % 2 ? 1_300_000 : 1_000_000, latestAckTimestamp: NOW - 1000 }),
    )
    expect(fired(input(noisy))).not.toContain('state-growth')
  })

  it('flag restarts in the last hour only', () => {
    expect(fired(input([rec({ at: NOW - 1000 })], { restartTimestamps: [NOW - 120_000] }))).toContain('recent-restarts')
    expect(fired(input([rec({ at: NOW - 1000 })], { restartTimestamps: [NOW - 7200_000] }))).not.toContain(
      'recent-restarts',
    )
  })
})

describe('per-operator and alignment detectors', () => {
  it('name the operator whose state grows, not the job', () => {
    const records = Array.from({ length: 12 }, (_, i) =>
      rec({
        at: NOW - (12 - i) * 60_000,
        latestAckTimestamp: NOW - 1000,
        operators: [
          { id: 'a', name: 'Order state machine', stateSize: 1_000_000 + i * 300_000, durationMs: 50 },
          { id: 'b', name: 'Kafka source', stateSize: 5_000, durationMs: 40 },
        ],
      }),
    )
    const d = runDetectors(input(records)).find((x) => x.id === 'state-growth')
    expect(d?.firing).toBe(true)
    expect(d?.evidence).toMatch(/^Order state machine: /)
  })

  it('flag a slow checkpoint whose slowest operator aligned long under backpressure', () => {
    const records = [
      ...Array.from({ length: 5 }, (_, i) => rec({ at: NOW - (10 - i) * 5000 })),
      rec({
        at: NOW - 5000,
        durationMs: 20_000,
        spike: { vertexId: 'v', vertexName: 'Stock per SKU', alignmentMs: 18_000, backpressureRatio: 0.8 },
      }),
    ]
    const d = runDetectors(input(records)).find((x) => x.id === 'alignment-backpressure')
    expect(d?.firing).toBe(true)
    expect(d?.evidence).toContain('Stock per SKU aligned for 18.0 s while backpressured 80 %')
    const calm = records.map((r) => (r.spike ? { ...r, spike: { ...r.spike, backpressureRatio: 0.1 } } : r))
    expect(runDetectors(input(calm)).find((x) => x.id === 'alignment-backpressure')?.firing).toBe(false)
  })

  it('flag checkpoints slower than the interval twice in a row, and let them explain the gap', () => {
    const at = (ago: number, durationMs: number) =>
      rec({ at: NOW - ago, durationMs, latestAckTimestamp: NOW - ago + durationMs })
    expect(fired(input([at(40_000, 100), at(30_000, 8_000)]))).not.toContain('slow')
    const twice = fired(input([at(60_000, 8_000), at(30_000, 16_000)]))
    expect(twice).toContain('slow')
    expect(twice).not.toContain('no-recent-checkpoint')
    // The last one slow and the one in progress already past the interval.
    const running = runDetectors(input([at(30_000, 8_000)], { inProgressSince: NOW - 6_000 })).find(
      (d) => d.id === 'slow',
    )
    expect(running?.firing).toBe(true)
    expect(running?.evidence).toContain('the one in progress has run 6.0 s')
    expect(fired(input([at(30_000, 8_000), at(10_000, 100)]))).not.toContain('slow')
  })

  it('let failing checkpoints explain the gap: one cause, one problem', () => {
    const failing = [rec({ at: NOW - 60_000 }), ...[3, 2, 1].map((k) => rec({ at: NOW - k * 5000, status: 'FAILED' }))]
    expect(fired(input(failing))).toEqual(['consecutive-failures'])
  })

  it('flag a restart loop until a checkpoint completes after the last restart, with its cause', () => {
    const before = rec({ at: NOW - 60_000, latestAckTimestamp: NOW - 59_900 })
    const looping = input([before], {
      restartTimestamps: [NOW - 30_000, NOW - 10_000],
      lastException: 'java.lang.IllegalStateException: Poison event e-1 for order ord-poison-1',
    })
    const loop = runDetectors(looping).find((d) => d.id === 'restart-loop')
    expect(loop?.firing).toBe(true)
    expect(loop?.evidence).toMatch(/2 restart\(s\) in the last 10 min.*none since; last failure: .*Poison event/)
    const after = rec({ at: NOW - 5_000, latestAckTimestamp: NOW - 4_900 })
    expect(fired({ ...looping, records: [before, after] })).not.toContain('restart-loop')
  })
})
