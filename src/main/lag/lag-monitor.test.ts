import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Admin } from 'kafkajs'
import { describe, expect, it, vi } from 'vitest'
import type { PartitionReader } from '../kafka/partition-reader'
import { LagHistory } from './lag-history'
import type { FlinkJobLink } from './flink-link'
import { LagMonitor } from './lag-monitor'

/** A monitor over a cluster with no groups, counting how often it reads the cluster. */
function monitorOverEmptyCluster() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'keytrail-lag-monitor-'))
  const reads = { count: 0 }
  const admin = {
    listGroups: async () => ({ groups: [] }),
    describeGroups: async (ids: string[]) => ({
      groups: ids.map((groupId) => ({ groupId, state: 'Dead', protocol: '', protocolType: '', members: [] })),
    }),
    fetchOffsets: async () => [],
  } as unknown as Admin
  const monitor = new LagMonitor(
    {
      withKafka: async (fn) => {
        reads.count++
        await new Promise((r) => setTimeout(r, 20))
        return fn(admin, {} as PartitionReader)
      },
      flink: async () => new Map(),
    },
    { history: new LagHistory(path.join(dir, 'samples')), alertsFile: path.join(dir, 'alerts.json') },
  )
  return { monitor, reads }
}

describe('LagMonitor.sample', () => {
  it('shares a sample of every group that is already running', async () => {
    const { monitor, reads } = monitorOverEmptyCluster()
    const [a, b] = await Promise.all([monitor.sample(), monitor.sample()])
    expect(reads.count).toBe(1)
    expect(a).toBe(b)
    await monitor.sample()
    expect(reads.count).toBe(2)
  })

  it('reads afresh for named groups', async () => {
    const { monitor, reads } = monitorOverEmptyCluster()
    await Promise.all([monitor.sample(), monitor.sample(['g'])])
    expect(reads.count).toBe(2)
  })
})

/** Consumer groups ("g" by default) on topic "t", 5 behind; Flink answers as `flink` says. */
function monitorOverOneGroup(flink: () => Promise<Map<string, FlinkJobLink>>, groups = ['g']) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'keytrail-lag-monitor-'))
  const admin = {
    listGroups: async () => ({ groups: groups.map((groupId) => ({ groupId, protocolType: 'consumer' })) }),
    describeGroups: async (ids: string[]) => ({
      groups: ids.map((groupId) => ({ groupId, state: 'Empty', protocol: '', members: [] })),
    }),
    fetchOffsets: async () => [{ topic: 't', partitions: [{ partition: 0, offset: '5' }] }],
    fetchTopicOffsets: async () => [{ partition: 0, offset: '10' }],
  } as unknown as Admin
  const reader = { fetch: async () => [] } as unknown as PartitionReader
  return new LagMonitor(
    { withKafka: async (fn) => fn(admin, reader), flink },
    {
      history: new LagHistory(path.join(dir, 'samples')),
      alertsFile: path.join(dir, 'alerts.json'),
      flinkPartMs: 50,
    },
  )
}

const link = (name: string): FlinkJobLink => ({
  lag: {
    jid: 'a'.repeat(32),
    name,
    state: 'RUNNING',
    checkpointIntervalMs: 5000,
    lastCheckpointAt: null,
    pendingRecords: 0,
    currentEmitEventTimeLagMs: null,
    explanation: '',
  },
  checkpointDurationMs: null,
  failedCheckpointsInARow: 0,
  topics: ['t'],
  currentOffsets: new Map(),
})

describe('LagMonitor and a slow JobManager', () => {
  it("judges a group by the last sample's Flink link when Flink misses the sample's deadline", async () => {
    let answer: () => Promise<Map<string, FlinkJobLink>> = async () => new Map([['g', link('order-service')]])
    const monitor = monitorOverOneGroup(() => answer())
    await monitor.sample()
    expect(monitor.detail('g')?.flink?.name).toBe('order-service')
    answer = () => new Promise(() => undefined) // silent
    await monitor.sample()
    expect(monitor.detail('g')?.flink?.name).toBe('order-service')
    answer = async () => Promise.reject(new Error('Flink REST API: 503'))
    await monitor.sample()
    expect(monitor.detail('g')?.flink?.name).toBe('order-service')
  })

  it('does not reuse a link more than a minute old', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    try {
      let answer: () => Promise<Map<string, FlinkJobLink>> = async () => new Map([['g', link('order-service')]])
      const monitor = monitorOverOneGroup(() => answer())
      await monitor.sample()
      answer = () => new Promise(() => undefined)
      vi.setSystemTime(Date.now() + 61_000)
      await monitor.sample()
      expect(monitor.detail('g')?.flink).toBeNull()
    } finally {
      vi.useRealTimers()
    }
  })

  it("keeps every group's link when a one-group sample refreshes its own", async () => {
    let answer: () => Promise<Map<string, FlinkJobLink>> = async () =>
      new Map([
        ['g', link('order-service')],
        ['h', link('shipping-service')],
      ])
    const monitor = monitorOverOneGroup(() => answer(), ['g', 'h'])
    await monitor.sample()
    answer = async () => new Map([['g', link('order-service')]])
    await monitor.sample(['g'])
    answer = () => new Promise(() => undefined)
    await monitor.sample()
    expect(monitor.detail('g')?.flink?.name).toBe('order-service')
    expect(monitor.detail('h')?.flink?.name).toBe('shipping-service')
  })

  it('has no link when Flink never answered', async () => {
    const monitor = monitorOverOneGroup(() => new Promise(() => undefined))
    await monitor.sample()
    expect(monitor.detail('g')).toBeDefined()
    expect(monitor.detail('g')?.flink).toBeNull()
  })
})
