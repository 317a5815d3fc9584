import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Admin } from 'kafkajs'
import { describe, expect, it } from 'vitest'
import type { PartitionReader } from '../kafka/partition-reader'
import { LagHistory } from './lag-history'
import { LagMonitor } from './lag-monitor'

/** A monitor over a cluster with no groups, counting how often it reads the cluster. */
function monitorOverEmptyCluster() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'keytrail-lag-monitor-'))
  const reads = { count: 0 }
  const admin = { listGroups: async () => ({ groups: [] }) } as unknown as Admin
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
