import http from 'node:http'
import { expect, test } from '@playwright/test'
import WebSocket from 'ws'

const served = (): URL => new URL(process.env.KEYTRAIL_E2E_URL ?? 'http://127.0.0.1:1/')

function status(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    http.get(url, { headers }, (res) => (res.resume(), resolve(res.statusCode ?? 0))).on('error', reject)
  })
}

function upgrade(url: string, headers: Record<string, string>): Promise<number | 'open'> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers })
    ws.on('open', () => (ws.close(), resolve('open')))
    ws.on('unexpected-response', (_q, res) => resolve(res.statusCode ?? 0))
    ws.on('error', () => resolve(-1))
  })
}

test.describe('browser-mode host security', () => {
  test('answers 401 without the token', async () => {
    const u = served()
    expect(await status(`${u.origin}/`)).toBe(401)
    expect(await status(`${u.origin}/index.html`)).toBe(401)
  })

  test('answers 403 to a foreign Host header even with the token', async () => {
    expect(await status(served().href, { host: 'rebind.attacker.example' })).toBe(403)
  })

  test('refuses a WebSocket from a foreign Origin, and one without the token', async () => {
    const u = served()
    const token = u.searchParams.get('token') ?? ''
    const api = `ws://${u.host}/api`
    const cookie = `keytrail_token_${u.port}=${token}`
    expect(await upgrade(api, { origin: u.origin, cookie })).toBe('open')
    expect(await upgrade(api, { origin: 'http://evil.example', cookie })).toBe(403)
    expect(await upgrade(api, { origin: u.origin })).toBe(401)
  })

  test('the page a browser gets carries the strict CSP', async ({ page }) => {
    const response = await page.goto(served().href)
    expect(response?.headers()['content-security-policy']).toContain("default-src 'none'")
    expect(response?.headers()['content-security-policy']).not.toContain('unsafe-eval')
  })
})
