import { readFileSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { profileSchema } from '../../shared/contract'
import { FileSecretStore } from '../profiles/secret-store'
import { FlinkClient } from './flink-client'
import { FlinkConnection } from './flink-connection'

/** Recorded responses of a real cluster (scripts/record-flink-fixtures.mjs), served as Flink would. */
for (const version of ['1.20', '2.2']) {
  const dir = path.join(import.meta.dirname, 'fixtures', version)
  const fixture = (name: string): unknown => JSON.parse(readFileSync(path.join(dir, `${name}.json`), 'utf8'))
  const index = fixture('index') as { jid: string; checkpointId: number; vertexId: string; version: string }
  const routes: Record<string, string> = {
    '/config': 'config',
    '/overview': 'overview',
    '/taskmanagers': 'taskmanagers',
    '/jobs/overview': 'jobs-overview',
    [`/jobs/${index.jid}`]: 'job',
    [`/jobs/${index.jid}/config`]: 'job-config',
    [`/jobs/${index.jid}/exceptions`]: 'exceptions',
    [`/jobs/${index.jid}/checkpoints`]: 'checkpoints',
    [`/jobs/${index.jid}/checkpoints/config`]: 'checkpoint-config',
    [`/jobs/${index.jid}/checkpoints/details/${index.checkpointId}`]: 'checkpoint-details',
    [`/jobs/${index.jid}/checkpoints/details/${index.checkpointId}/subtasks/${index.vertexId}`]: 'checkpoint-subtasks',
    [`/jobs/${index.jid}/metrics`]: 'metrics',
  }

  describe(`Flink client against recorded ${index.version} responses`, () => {
    let server: http.Server
    let client: FlinkClient
    beforeAll(async () => {
      server = http.createServer((req, res) => {
        const name = routes[new URL(req.url ?? '/', 'http://x').pathname]
        if (!name)
          return void res.writeHead(404, { 'content-type': 'application/json' }).end('{"errors":["Not found"]}')
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(fixture(name)))
      })
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
      const port = (server.address() as AddressInfo).port
      const profile = profileSchema.parse({
        id: 'rec',
        name: 'rec',
        environment: 'dev',
        kafka: { brokers: ['x:1'] },
        flink: { url: `http://127.0.0.1:${port}` },
      })
      const conn = await FlinkConnection.open(profile, new FileSecretStore('/nonexistent', undefined, {}))
      if (!conn) throw new Error('no connection')
      client = await FlinkClient.connect(conn)
    })
    afterAll(() => new Promise<void>((r) => server.close(() => r())))

    it('detects the version', () => {
      expect(client.version).toBe(index.version)
    })

    it('parses cluster, jobs and job details', async () => {
      expect((await client.overview())['slots-total']).toBeGreaterThan(0)
      expect((await client.taskManagers()).taskmanagers?.length).toBeGreaterThan(0)
      expect((await client.jobs()).jobs?.some((j) => j.jid === index.jid)).toBe(true)
      const job = await client.job(index.jid)
      expect(job.vertices?.length).toBeGreaterThan(0)
      expect(typeof job.vertices?.[0]?.slotSharingGroupId).toBe('string')
      expect(await client.exceptions(index.jid)).toBeInstanceOf(Array)
    })

    it('parses checkpoints, their config and a drill-down with NaN percentiles', async () => {
      const c = await client.checkpoints(index.jid)
      expect(c.counts?.completed).toBeGreaterThan(0)
      expect((await client.checkpointConfig(index.jid))?.interval).toBe(5000)
      expect((await client.checkpointDetails(index.jid, index.checkpointId)).id).toBe(index.checkpointId)
      const sub = await client.checkpointSubtasks(index.jid, index.checkpointId, index.vertexId)
      expect(sub.subtasks?.length).toBeGreaterThan(0)
    })

    it('reads metrics as the bare array Flink really sends', async () => {
      const m = await client.metrics(`/jobs/${index.jid}`, ['numRestarts', 'uptime'])
      expect(Object.keys(m).sort()).toEqual(['numRestarts', 'uptime'])
    })

    it('answers a vanished job as NOT_FOUND, not as a crash', async () => {
      await expect(client.job('0'.repeat(32))).rejects.toMatchObject({ code: 'NOT_FOUND' })
      expect(await client.checkpointConfig('0'.repeat(32))).toBeNull()
    })
  })
}
