import { describe, expect, it } from 'vitest'
import { CommitWindow } from './burrow'
import type { FlinkJobLink } from './flink-link'
import { summarizeGroup, type PartitionSample } from './group-summary'

const SAMPLE_MS = 10_000
const NOW = 1_796_237_200_000

/** A window of samples 10 s apart ending at NOW, each [committed offset, log-end offset]. */
function windowOf(rows: [number, number][]): CommitWindow {
  const w = new CommitWindow()
  rows.forEach(([committed, end], i) =>
    w.observe({ t: NOW - (rows.length - 1 - i) * SAMPLE_MS, offset: committed, lag: Math.max(0, end - committed) }),
  )
  return w
}

function partition(
  topic: string,
  p: number,
  rows: [number, number][],
  extra: Partial<PartitionSample> = {},
): PartitionSample {
  const [committed, end] = rows[rows.length - 1]!
  return {
    key: `${topic}/${p}`,
    topic,
    partition: p,
    committedOffset: committed,
    logEndOffset: end,
    window: windowOf(rows),
    lagSeconds: null,
    lagSecondsKind: null,
    produceRate: null,
    consumeRate: null,
    ...extra,
  }
}

/** Six samples of a partition taking `rate` records/s, its committed offset `lags[i]` behind. */
function steady(start: number, rate: number, lags: number[]): [number, number][] {
  return lags.map((lag, i) => [start + rate * 10 * i - lag, start + rate * 10 * i])
}

const orderService: FlinkJobLink = {
  checkpointDurationMs: 240,
  failedCheckpointsInARow: 0,
  topics: ['orders'],
  currentOffsets: new Map([
    ['orders/0', 4_420],
    ['orders/1', 4_365],
    ['orders/2', 4_371],
  ]),
  lag: {
    jid: 'cda263ad3919b1dca743f566536d49d1',
    name: 'order-service',
    state: 'RUNNING',
    checkpointIntervalMs: 5_000,
    lastCheckpointAt: NOW - 1_800,
    pendingRecords: 0,
    currentEmitEventTimeLagMs: 421,
    explanation: '',
  },
}

describe('summarizeGroup', () => {
  it('calls a Flink job whose lag saw-tooths with its checkpoints OK, and rolls its partitions up', () => {
    // 20 orders/s over three partitions (about 6.7/s each), committed every 5 s; on partition 2 the
    // lag grows at every sampled commit (3 → 36), which Burrow's rules alone call WARN.
    const samples = [
      partition('orders', 0, steady(4_000, 7, [12, 30, 9, 41, 18, 44]), {
        lagSeconds: 6.3,
        lagSecondsKind: 'exact',
        produceRate: 7,
        consumeRate: 6.8,
      }),
      partition('orders', 1, steady(3_950, 6, [5, 22, 36, 14, 28, 37]), {
        lagSeconds: 6.9,
        lagSecondsKind: 'estimated',
        produceRate: 6,
        consumeRate: 6.1,
      }),
      partition('orders', 2, steady(3_960, 7, [3, 8, 19, 25, 33, 36]), {
        lagSeconds: 5.1,
        lagSecondsKind: 'exact',
        produceRate: 7,
        consumeRate: 7.2,
      }),
    ]
    const { summary, partitions, sample } = summarizeGroup(
      { group: 'order-service', state: 'Empty', protocol: '', members: [] },
      samples,
      { now: NOW, sampleIntervalMs: SAMPLE_MS, link: orderService },
    )
    expect(partitions.map((p) => p.verdict.status)).toEqual(['OK', 'OK', 'OK'])
    expect(partitions[0]!.verdict.reason).toMatch(/^lag 44 within what checkpoints explain \(≤ \d+/)
    expect(summary).toMatchObject({
      protocol: 'flink (assign)',
      members: 0,
      topics: ['orders'],
      totalLag: 44 + 37 + 36,
      maxLagSeconds: 6.9,
      lagSecondsKind: 'estimated',
      flinkJob: 'order-service',
      verdict: { status: 'OK' },
    })
    expect(partitions.map((p) => p.flinkCurrentOffset)).toEqual([4_420, 4_365, 4_371])
    expect(partitions.map((p) => p.owner)).toEqual([null, null, null])
    expect(sample.produceRate).toBeCloseTo(20, 6)
    expect(sample.consumeRate).toBeCloseTo(20.1, 6)
    expect(sample).toMatchObject({ t: NOW, lag: 117, lagSeconds: 6.9, status: 'OK' })
    expect(sample.parts?.['orders/1']).toEqual([4_213, 4_250, 6.9])
  })

  it('takes the worst partition of a plain group, with owners and time to catch up', () => {
    const members = [
      { memberId: 'm-1', clientId: 'billing-1', host: '/10.0.4.17', assignment: { payments: [0, 1] } },
      { memberId: 'm-2', clientId: 'billing-2', host: '/10.0.4.18', assignment: { payments: [2] } },
    ]
    const samples = [
      // Catching up: consumes 9/s of 5/s coming in, 120 behind.
      partition('payments', 0, steady(10_000, 5, [320, 280, 240, 200, 160, 120]), {
        produceRate: 5,
        consumeRate: 9,
        lagSeconds: 24,
        lagSecondsKind: 'exact',
      }),
      // Falling behind: offsets move, lag grows at every commit.
      partition('payments', 1, steady(20_000, 5, [40, 70, 95, 130, 160, 190]), {
        produceRate: 5,
        consumeRate: 2,
        lagSeconds: 38,
        lagSecondsKind: 'exact',
      }),
      partition('payments', 2, steady(30_000, 5, [0, 0, 0, 0, 0, 0]), { lagSeconds: 0, lagSecondsKind: 'exact' }),
    ]
    const { summary, partitions, sample } = summarizeGroup(
      { group: 'billing', state: 'Stable', protocol: 'range', members },
      samples,
      { now: NOW, sampleIntervalMs: SAMPLE_MS, link: null },
    )
    expect(partitions.map((p) => p.verdict.status)).toEqual(['OK', 'WARN', 'OK'])
    expect(summary.verdict.reason).toBe('lag grew at every one of the last 6 commits (40 → 190)')
    expect(partitions.map((p) => p.owner?.clientId)).toEqual(['billing-1', 'billing-1', 'billing-2'])
    expect(partitions.map((p) => p.catchUpSeconds)).toEqual([30, null, 0])
    expect(partitions[0]).not.toHaveProperty('flinkCurrentOffset')
    expect(summary).toMatchObject({ protocol: 'range', members: 2, totalLag: 310, maxLagSeconds: 38, flinkJob: null })
    // A partition without rates leaves the group's rates at what the others measured.
    expect(sample).toMatchObject({ produceRate: 10, consumeRate: 11, status: 'WARN' })
  })

  it('has no rates and an OK verdict for a group without partitions', () => {
    const { summary, sample } = summarizeGroup({ group: 'idle', state: 'Empty', protocol: '', members: [] }, [], {
      now: NOW,
      sampleIntervalMs: SAMPLE_MS,
      link: null,
    })
    expect(summary).toMatchObject({ totalLag: 0, maxLagSeconds: null, lagSecondsKind: null, topics: [] })
    expect(sample).toMatchObject({ produceRate: null, consumeRate: null, status: 'OK', parts: {} })
  })
})
