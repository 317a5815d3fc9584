import { promises as fs } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { alertEventSchema } from '../../shared/contract/alerts'
import type { HealthReport, ProfileHealth } from '../../shared/contract/health'
import { JsonLinesLog } from '../util/json-lines-log'
import { AlertService } from './alert-service'

const T0 = Date.UTC(2026, 11, 2, 16, 0, 0)
const dirs: string[] = []
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => fs.rm(d, { recursive: true, force: true })))
})
async function tmp(): Promise<string> {
  const d = await fs.mkdtemp(path.join(os.tmpdir(), 'kt-alerts-'))
  dirs.push(d)
  return d
}

function report(stalled: boolean): HealthReport {
  const up = { configured: true, state: 'up' as const, since: T0, observedAt: T0 }
  const profile: ProfileHealth = {
    id: 'prod',
    name: 'Prod',
    environment: 'prod',
    color: '#c00',
    checkedAt: T0,
    components: { kafka: up, flink: up, lag: up },
    problems: stalled
      ? [
          {
            key: 'lag-verdict:group:billing',
            severity: 'critical',
            kind: 'lag-verdict',
            subject: { type: 'group', name: 'billing' },
            since: T0,
            summary: 'billing STALL: committed offset unchanged for 10 commits',
            evidence: { lag: 500 },
            observedAt: T0,
            stale: false,
            link: '#/lag/billing?profile=prod',
          },
        ]
      : [],
    tiles: { kafka: null, flink: null, lag: null },
  }
  return { checkedAt: T0, profiles: [profile] }
}

describe('AlertService', () => {
  it('keeps active alerts and their history across a restart, without firing twice', async () => {
    const dir = await tmp()
    const first = new AlertService(dir)
    expect((await first.observe(report(true), T0)).map((e) => e.type)).toEqual(['fired'])
    await first.close()

    const second = new AlertService(dir)
    expect(await second.observe(report(true), T0 + 10_000)).toEqual([])
    const view = await second.list(10)
    expect(view.active.map((a) => a.problem.subject.name)).toEqual(['billing'])
    const resolved = await second.observe(report(false), T0 + 120_000)
    expect(resolved.map((e) => e.type)).toEqual(['resolved'])
    const { events } = await new JsonLinesLog(path.join(dir, 'history.jsonl'), alertEventSchema).read()
    expect(events.map((e) => e.type)).toEqual(['fired', 'resolved'])
  })

  it('acknowledges and snoozes by key, and says NOT_FOUND for an unknown one', async () => {
    const service = new AlertService(await tmp())
    const [fired] = await service.observe(report(true), T0)
    expect((await service.ack(fired?.key ?? '')).state).toBe('acknowledged')
    expect((await service.snooze(fired?.key ?? '', 'resolved')).snoozedUntil).toBeNull()
    await expect(service.ack('prod|none|x')).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('reads a history with torn lines line by line and counts what it skipped', async () => {
    const dir = await tmp()
    const file = path.join(dir, 'history.jsonl')
    const service = new AlertService(dir)
    await service.observe(report(true), T0)
    await fs.appendFile(file, '{"at":1,"type":"fi\nnot json\n')
    await service.observe(report(false), T0 + 120_000)
    const read = await new JsonLinesLog(file, alertEventSchema).read()
    expect(read.events.map((e) => e.type)).toEqual(['fired', 'resolved'])
    expect(read.skipped).toBe(2)
  })

  it('posts fired and resolved alerts to the webhook with a Slack-compatible text', async () => {
    const bodies: Array<Record<string, unknown>> = []
    const server = createServer((req, res) => {
      let data = ''
      req.on('data', (c: Buffer) => (data += c.toString()))
      req.on('end', () => {
        bodies.push(JSON.parse(data) as Record<string, unknown>)
        res.end('ok')
      })
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`
      const service = new AlertService(await tmp(), { webhook: url })
      await service.observe(report(true), T0)
      await service.observe(report(false), T0 + 120_000)
      const deadline = Date.now() + 5_000
      while (bodies.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
      expect(bodies.map((b) => b.type)).toEqual(['fired', 'resolved'])
      expect(bodies[0]?.text).toMatch(/^🔴 \[prod\] FIRED critical: billing STALL/)
    } finally {
      server.close()
    }
  })
})
