import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import type { Profile } from '../../shared/contract'
import type { SecretStore } from '../profiles/secret-store'
import { FlinkConnection } from './flink-connection'

const noSecrets: SecretStore = {
  get: async () => undefined,
  set: async () => undefined,
  removeProfile: async () => undefined,
  keys: async () => [],
}

describe('FlinkConnection and a URL with credentials (a profile stored before they were refused)', () => {
  let server: http.Server
  let port: number
  const seen: Array<{ url?: string; authorization?: string }> = []
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen.push({ url: req.url, authorization: req.headers.authorization })
      res.writeHead(500).end('boom')
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    port = (server.address() as AddressInfo).port
  })
  afterAll(() => new Promise<void>((r) => server.close(() => r())))

  it('never echoes the password in an error, and sends it as basic auth instead', async () => {
    const profile = {
      id: 'legacy',
      flink: { url: `http://admin:s3cret-pw@127.0.0.1:${port}/`, timeoutMs: 2000 },
    } as unknown as Profile
    const conn = await FlinkConnection.open(profile, noSecrets)
    const err = await conn?.get('/overview', z.unknown()).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(Error)
    expect(String((err as Error).message)).not.toContain('s3cret-pw')
    expect(JSON.stringify(err)).not.toContain('s3cret-pw')
    expect(conn?.settings.url).not.toContain('s3cret-pw')
    expect(seen.at(-1)?.authorization).toBe(`Basic ${Buffer.from('admin:s3cret-pw').toString('base64')}`)
  })
})
