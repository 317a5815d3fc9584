import { mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { createWireClient, type WireClient } from '../../shared/client'
import { localOnClosedPorts, tempCore, type TempCore } from '../test-support/temp-core'
import { startHost, type RunningHost } from './server'

function request(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        let body = ''
        res.on('data', (c: Buffer) => (body += c.toString()))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
      })
      .on('error', reject)
  })
}

/** A GET whose path is sent as written (http.get would normalise it first). */
function rawGet(port: number, rawPath: string): Promise<{ status: number; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: 'GET', path: '/' }, (res) => {
      res.resume()
      resolve({ status: res.statusCode ?? 0, headers: res.headers })
    })
    req.path = rawPath
    req.on('error', reject).end()
  })
}

/** Opens a WebSocket; resolves with the socket, or with the HTTP status the upgrade was refused with. */
function openSocket(url: string, headers: Record<string, string>): Promise<WebSocket | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers })
    ws.on('open', () => resolve(ws))
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
    ws.on('error', () => resolve(-1))
  })
}

function wireOver(ws: WebSocket): WireClient {
  const client = createWireClient((msg) => ws.send(JSON.stringify(msg)))
  ws.on('message', (data) => client.receive(JSON.parse(String(data))))
  return client
}

describe('browser-mode host', () => {
  let core: TempCore
  let host: RunningHost
  let token: string
  let cookie: string
  let origin: string

  beforeAll(async () => {
    core = tempCore()
    const staticDir = path.join(core.dir, 'renderer')
    mkdirSync(staticDir)
    writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Keytrail</title>')
    host = await startHost({ router: core.router, staticDir, port: 0 })
    token = new URL(host.tokenUrl).searchParams.get('token') ?? ''
    cookie = `keytrail_token_${host.port}=${token}`
    origin = `http://127.0.0.1:${host.port}`
  })
  afterAll(async () => {
    await host.close()
    core.cleanup()
  })

  it('binds to 127.0.0.1 and prints a token URL', () => {
    expect(host.tokenUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/)
  })

  it('answers 401 without the token', async () => {
    const res = await request(host.url)
    expect(res.status).toBe(401)
    expect((await request(`${host.url}assets/x.js`)).status).toBe(401)
    expect((await request(`${host.url}?token=wrong`)).status).toBe(401)
  })

  it('trades the query token for an HttpOnly cookie and serves the page with a strict CSP', async () => {
    const first = await request(host.tokenUrl)
    expect(first.status).toBe(302)
    expect(first.headers.location).toBe('/')
    expect(String(first.headers['set-cookie'])).toMatch(
      new RegExp(`^keytrail_token_${host.port}=[^;]+; HttpOnly; SameSite=Strict`),
    )
    const page = await request(host.url, { cookie })
    expect(page.status).toBe(200)
    expect(page.body).toContain('<title>Keytrail</title>')
    expect(page.headers['content-security-policy']).toContain("script-src 'self'")
    expect(page.headers['content-security-policy']).not.toContain('unsafe')
  })

  it("names its cookie after its port, so that two hosts do not take each other's token", async () => {
    const other = await startHost({ router: core.router, staticDir: path.join(core.dir, 'renderer'), port: 0 })
    try {
      const otherToken = new URL(other.tokenUrl).searchParams.get('token') ?? ''
      const set = String((await request(other.tokenUrl)).headers['set-cookie'])
      expect(set.startsWith(`keytrail_token_${other.port}=`)).toBe(true)
      // A browser sends both cookies to both ports: each host reads its own.
      const both = `${cookie}; keytrail_token_${other.port}=${otherToken}`
      expect((await request(host.url, { cookie: both })).status).toBe(200)
      expect((await request(other.url, { cookie: both })).status).toBe(200)
      // The other host's cookie alone is no token here.
      expect((await request(host.url, { cookie: `keytrail_token_${other.port}=${otherToken}` })).status).toBe(401)
      expect((await request(host.url, { cookie: `keytrail_token=${token}` })).status).toBe(401)
    } finally {
      await other.close()
    }
  })

  it('redirects the token exchange only to a path of its own origin', async () => {
    const cases: Array<[string, string]> = [
      ['/.//evil.example/x', '/'],
      ['//evil.example/x', '/'],
      ['/\\evil.example/x', '/'],
      ['/./\\evil.example', '/'],
      ['/%2F%2Fevil.example', '/%2F%2Fevil.example?tab=1'],
      ['/jobs/abc', '/jobs/abc?tab=1'],
    ]
    for (const [p, want] of cases) {
      const res = await rawGet(host.port, `${p}?token=${token}&tab=1`)
      expect(res.status, p).toBe(302)
      expect(res.headers.location, p).toBe(want)
    }
  })

  it('closes the file of a download the client abandons', async () => {
    writeFileSync(path.join(core.dir, 'renderer', 'big.js'), Buffer.alloc(32 * 1024 * 1024, 97))
    const openFds = () => readdirSync('/proc/self/fd').length
    const before = openFds()
    await Promise.all(
      Array.from({ length: 20 }, () => {
        return new Promise<void>((resolve, reject) => {
          const req = http.get(`${host.url}big.js`, { headers: { cookie } }, (res) => {
            expect(res.statusCode).toBe(200)
            res.once('data', () => {
              req.destroy()
              resolve()
            })
          })
          req.on('error', (err) => (req.destroyed ? resolve() : reject(err)))
        })
      }),
    )
    const deadline = Date.now() + 5_000
    while (openFds() > before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
    expect(openFds()).toBeLessThanOrEqual(before)
  })

  it('answers 403 to a foreign Host header (DNS rebinding), even with the token', async () => {
    const res = await request(host.tokenUrl, { host: 'attacker.example:80', cookie })
    expect(res.status).toBe(403)
  })

  it('does not serve files outside the renderer folder', async () => {
    writeFileSync(path.join(core.dir, 'outside.json'), '{"marker":"outside"}')
    for (const p of ['..%2foutside.json', '%2e%2e/outside.json', '..%5coutside.json']) {
      const res = await request(`${host.url}${p}`, { cookie })
      expect(res.status).toBe(404)
      expect(res.body).not.toContain('marker')
    }
  })

  it('refuses a WebSocket without the token, with a foreign Origin, or a foreign Host', async () => {
    const api = `ws://127.0.0.1:${host.port}/api`
    expect(await openSocket(api, { origin })).toBe(401)
    expect(await openSocket(api, { origin: 'http://evil.example', cookie })).toBe(403)
    expect(await openSocket(api, { cookie })).toBe(403)
    expect(await openSocket(api, { origin, cookie, host: 'evil.example' })).toBe(403)
  })

  it('runs calls and subscriptions over a real socket', async () => {
    const ws = await openSocket(`ws://127.0.0.1:${host.port}/api`, { origin, cookie })
    if (typeof ws === 'number') throw new Error(`upgrade refused: ${ws}`)
    const client = wireOver(ws)
    expect(await client.call('app.info', {})).toMatchObject({ name: 'Keytrail' })
    await expect(client.call('profiles.setActive', { id: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(client.call('profiles.list' as never, { extra: 1 } as never)).resolves.toMatchObject({
      activeId: 'local',
    })
    await expect((client.call as (m: string, i: unknown) => Promise<unknown>)('no.such', {})).rejects.toMatchObject({
      code: 'UNKNOWN_METHOD',
    })
    await localOnClosedPorts(core, false)
    const report = await new Promise((resolve, reject) => {
      client.subscribe('health.watch', { id: 'local', intervalMs: 1000 }, { event: resolve, error: reject })
    })
    expect(report).toMatchObject({ profileId: 'local', kafka: { reachable: false }, flink: { configured: false } })
    ws.close()
  })

  it('answers garbage on the socket with an error and stays up', async () => {
    const ws = await openSocket(`ws://127.0.0.1:${host.port}/api`, { origin, cookie })
    if (typeof ws === 'number') throw new Error(`upgrade refused: ${ws}`)
    const reply = new Promise<unknown>((resolve) => ws.once('message', (d) => resolve(JSON.parse(String(d)))))
    ws.send('{not json')
    expect(await reply).toMatchObject({ t: 'result', ok: false, error: { code: 'INVALID_INPUT' } })
    const client = wireOver(ws)
    expect(await client.call('app.info', {})).toMatchObject({ name: 'Keytrail' })
    ws.close()
  })
})
