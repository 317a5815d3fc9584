import { promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Profile } from '../../shared/contract'
import type { LagFacts } from './facts'
import { timelineMarkdown } from '../../shared/timeline-markdown'
import { AlertService } from '../alerts/alert-service'
import { IncidentTimeline } from './incident-timeline'
import { ProfileHealthWatch } from './profile-health'

const dirs: string[] = []
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => fs.rm(d, { recursive: true, force: true })))
})

const profile = {
  id: 'prod',
  name: 'Prod',
  environment: 'prod',
  readOnly: true,
  kafka: { brokers: ['k:9092'], clientId: 'keytrail', connectionTimeoutMs: 3000, requestTimeoutMs: 5000 },
} as Profile

function lag(status: 'OK' | 'WARN' | 'STALL'): LagFacts {
  const now = Date.now()
  return {
    observedAt: now,
    snapshot: {
      sampledAt: now,
      intervalMs: 10_000,
      groups: [
        {
          group: 'billing',
          state: 'Stable',
          protocol: 'consumer',
          members: 1,
          topics: ['orders'],
          totalLag: 120,
          maxLagSeconds: 12,
          lagSecondsKind: 'exact',
          verdict: { status, reason: `${status} reason`, window: 10 },
          flinkJob: null,
          alerts: [],
        },
      ],
    },
  }
}

describe('incident timeline', () => {
  it('records a verdict going OK → WARN → STALL → OK as appeared, changed, cleared, with alerts merged in order', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kt-timeline-'))
    dirs.push(dir)
    let status: 'OK' | 'WARN' | 'STALL' = 'OK'
    const watch = new ProfileHealthWatch(
      profile,
      {
        kafka: () => Promise.reject(new Error('not read in this test')),
        flink: () => Promise.reject(new Error('no flink')),
        lag: () => Promise.resolve(lag(status)),
        release: () => undefined,
        close: () => Promise.resolve(),
      },
      { deadlineMs: 200, staleAfterMs: 60_000 },
    )
    const alerts = new AlertService(path.join(dir, 'alerts'))
    const timeline = new IncidentTimeline(path.join(dir, 'timeline'), alerts)
    for (const s of ['OK', 'WARN', 'STALL', 'OK'] as const) {
      status = s
      const report = await watch.evaluate()
      await timeline.record(watch.drainChanges())
      await alerts.observe({ checkedAt: report.checkedAt, profiles: [report] }, Date.now())
    }
    const t = await timeline.read({ id: 'prod', subject: 'billing', rangeMs: 3_600_000 })
    expect(t.entries.map((e) => `${e.source} ${e.type} ${e.severity}`)).toEqual([
      'health appeared warning',
      'health changed critical',
      'alert fired critical',
      'health cleared critical',
    ])
    const other = await timeline.read({ id: 'dev', rangeMs: 3_600_000 })
    expect(other.entries).toEqual([])
    const md = timelineMarkdown(t)
    expect(md).toContain(
      '| health changed | critical | group billing | [billing STALL: STALL reason](keytrail://lag/billing?profile=prod) |',
    )
  })
})
