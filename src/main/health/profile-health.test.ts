import { describe, expect, it, vi } from 'vitest'
import type { Profile } from '../../shared/contract'
import type { FlinkFacts, KafkaFacts, LagFacts } from './facts'
import { ProfileHealthWatch, type ProfileSources } from './profile-health'

const profile: Profile = {
  id: 'local',
  name: 'Local',
  environment: 'local',
  readOnly: false,
  kafka: { brokers: ['127.0.0.1:9092'], clientId: 'keytrail', connectionTimeoutMs: 3000, requestTimeoutMs: 5000 },
  flink: { url: 'http://127.0.0.1:8081' },
} as Profile

const kafkaFacts = (logEndTotal: number): KafkaFacts => ({
  observedAt: Date.now(),
  brokers: [1],
  controller: 1,
  topics: 4,
  partitions: 8,
  underReplicated: [],
  offline: [],
  logEndTotal,
})
const flinkFacts = (): FlinkFacts => ({ observedAt: Date.now(), version: '1.20.3', jobs: [], checkpoints: [] })
const lagFacts = (): LagFacts => ({
  observedAt: Date.now(),
  snapshot: { sampledAt: Date.now(), intervalMs: 10_000, groups: [] },
})

/** Sources whose Kafka read can be switched to hang (a frozen broker) or fail. */
function sources() {
  const state = { kafka: 'ok' as 'ok' | 'hang' | 'fail', logEnd: 0 }
  const released: string[] = []
  const s: ProfileSources = {
    kafka: () => {
      if (state.kafka === 'hang') return new Promise<never>(() => undefined)
      if (state.kafka === 'fail') return Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:9092'))
      state.logEnd += 100
      return Promise.resolve(kafkaFacts(state.logEnd))
    },
    flink: () => Promise.resolve(flinkFacts()),
    lag: () => Promise.resolve(lagFacts()),
    release: (c) => void released.push(c),
    close: () => Promise.resolve(),
  }
  return { s, state, released }
}

describe('ProfileHealthWatch', () => {
  it('is all clear on healthy sources', async () => {
    const { s } = sources()
    const h = await new ProfileHealthWatch(profile, s, { deadlineMs: 200, staleAfterMs: 30_000 }).evaluate()
    expect(h.problems).toEqual([])
    expect(h.components.kafka.state).toBe('up')
    expect(h.tiles.flink?.version).toBe('1.20.3')
  })

  it('answers within its deadline when Kafka hangs, with Flink still current and the connection released', async () => {
    const { s, state, released } = sources()
    const w = new ProfileHealthWatch(profile, s, { deadlineMs: 150, staleAfterMs: 30_000 })
    await w.evaluate()
    state.kafka = 'hang'
    const started = Date.now()
    const h = await w.evaluate()
    expect(Date.now() - started).toBeLessThan(1000)
    expect(h.components.kafka.state).toBe('down')
    expect(h.components.flink.state).toBe('up')
    expect(h.problems.map((p) => p.kind)).toEqual(['kafka-unreachable'])
    expect(h.problems[0]?.summary).toMatch(
      /^Kafka unreachable since \d\d:\d\d:\d\d UTC: Kafka 127\.0\.0\.1:9092 did not answer/,
    )
    expect(released).toEqual(['kafka'])
  })

  it('keeps a problem\'s "since" across reads and forgets it once resolved', async () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 11, 2, 16, 0, 0), toFake: ['Date'] })
    try {
      const { s, state } = sources()
      const w = new ProfileHealthWatch(profile, s, { deadlineMs: 200, staleAfterMs: 30_000 })
      state.kafka = 'fail'
      const first = (await w.evaluate()).problems[0]
      vi.setSystemTime(Date.now() + 10_000)
      const second = (await w.evaluate()).problems[0]
      expect(second?.since).toBe(first?.since)
      state.kafka = 'ok'
      expect((await w.evaluate()).problems).toEqual([])
      state.kafka = 'fail'
      vi.setSystemTime(Date.now() + 10_000)
      const again = (await w.evaluate()).problems[0]
      expect(again?.since).toBeGreaterThan(second?.since ?? Infinity)
    } finally {
      vi.useRealTimers()
    }
  })

  it('computes the write rate from two reads', async () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 11, 2, 16, 0, 0), toFake: ['Date'] })
    try {
      const { s } = sources()
      const w = new ProfileHealthWatch(profile, s, { deadlineMs: 200, staleAfterMs: 30_000 })
      expect((await w.evaluate()).tiles.kafka?.inPerSec).toBeNull()
      vi.setSystemTime(Date.now() + 10_000)
      expect((await w.evaluate()).tiles.kafka?.inPerSec).toBe(10)
    } finally {
      vi.useRealTimers()
    }
  })

  it('marks evidence older than its cadence as stale', async () => {
    const { s } = sources()
    s.lag = () =>
      Promise.resolve({
        observedAt: Date.now() - 60_000,
        snapshot: {
          sampledAt: Date.now() - 60_000,
          intervalMs: 10_000,
          groups: [
            {
              group: 'g',
              state: 'Stable',
              protocol: 'consumer',
              members: 1,
              topics: ['t'],
              totalLag: 9,
              maxLagSeconds: 1,
              lagSecondsKind: 'exact',
              verdict: { status: 'STALL', reason: 'no progress', window: 10 },
              flinkJob: null,
              alerts: [],
            },
          ],
        },
      })
    const h = await new ProfileHealthWatch(profile, s, { deadlineMs: 200, staleAfterMs: 30_000 }).evaluate()
    expect(h.problems).toHaveLength(1)
    expect(h.problems[0]?.stale).toBe(true)
  })
})
