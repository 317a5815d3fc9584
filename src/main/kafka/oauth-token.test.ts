import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiError } from '../../shared/contract'
import { createOAuthServer, listenOAuthServer } from '../stack/oauth-server'
import { kafkaApiError } from './kafka-errors'
import { OAuthTokenProvider } from './oauth-token'

const SECRET = 'the-client-secret-0123'
const signingKeyPem = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString()

/** A server that answers every request with one fixed response (or never), counting them. */
async function fixed(handler: http.RequestListener): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer(handler)
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections()
        server.close(() => r())
      }),
  }
}

async function failure(p: Promise<unknown>): Promise<{ err: ApiError; ms: number }> {
  const t0 = performance.now()
  try {
    await p
  } catch (err) {
    expect(err).toBeInstanceOf(ApiError)
    return { err: err as ApiError, ms: performance.now() - t0 }
  }
  throw new Error('expected a failure')
}

describe('the OAuth client-credentials token provider', () => {
  let tokenUrl: string
  let requests = 0
  const server = createOAuthServer({
    port: 0,
    issuer: 'http://127.0.0.1',
    audience: 'kafka-test',
    scope: 'kafka',
    clientId: 'ops',
    clientSecret: SECRET,
    signingKeyPem,
    lifetimeS: 120,
  })
  server.on('request', (req: http.IncomingMessage) => {
    if (req.url === '/token') requests++
  })

  beforeAll(async () => {
    tokenUrl = `http://127.0.0.1:${await listenOAuthServer(server, 0)}/token`
  })
  afterAll(() => {
    server.closeAllConnections()
    server.close()
  })

  it('fetches a signed JWT with the claims the broker checks', async () => {
    const p = new OAuthTokenProvider({ tokenUrl, clientId: 'ops', scope: 'kafka', audience: 'kafka-test' }, SECRET)
    const { value } = await p.token()
    const [h, c, sig] = value.split('.')
    const claims = JSON.parse(Buffer.from(c!, 'base64url').toString()) as Record<string, unknown>
    expect(claims).toMatchObject({ sub: 'ops', aud: 'kafka-test', iss: 'http://127.0.0.1', scope: 'kafka' })
    expect(Number(claims.exp) - Number(claims.iat)).toBe(120)
    const key = createPublicKey(signingKeyPem)
    expect(verify('sha256', Buffer.from(`${h}.${c}`), key, Buffer.from(sig!, 'base64url'))).toBe(true)
    const jwks = (await (await fetch(tokenUrl.replace('/token', '/jwks'))).json()) as { keys: Array<{ kid: string }> }
    expect(JSON.parse(Buffer.from(h!, 'base64url').toString())).toMatchObject({
      alg: 'RS256',
      kid: jwks.keys[0]!.kid,
    })
  })

  it('caches the token until shortly before it expires, and shares one request between callers', async () => {
    let now = 1_000_000
    const p = new OAuthTokenProvider({ tokenUrl, clientId: 'ops' }, SECRET, { now: () => now, refreshMarginMs: 30_000 })
    const before = requests
    const [a, b] = await Promise.all([p.token(), p.token()])
    expect(a.value).toBe(b.value)
    expect(requests - before).toBe(1)
    now += 89_000 // 120 s lifetime, renewed 30 s before: still cached at 89 s
    expect((await p.token()).value).toBe(a.value)
    expect(requests - before).toBe(1)
    now += 2_000 // 91 s: renewed
    await p.token()
    expect(requests - before).toBe(2)
    p.reset()
    await p.token()
    expect(requests - before).toBe(3)
  })

  it('a wrong client secret is UNAUTHORIZED naming the token URL, the client and the mechanism, never the secret', async () => {
    const wrong = 'not-the-secret-4711'
    const p = new OAuthTokenProvider({ tokenUrl, clientId: 'ops' }, wrong)
    const { err, ms } = await failure(p.token())
    expect(err.code).toBe('UNAUTHORIZED')
    expect(err.message).toContain(`SASL OAUTHBEARER: the OAuth token endpoint ${tokenUrl} refused`)
    expect(err.message).toContain('client "ops"')
    expect(err.message).toContain('HTTP 401 invalid_client')
    expect(JSON.stringify({ m: err.message, d: err.details })).not.toContain(wrong)
    expect((err as unknown as { retriable: boolean }).retriable).toBe(false)
    expect(ms).toBeLessThan(2_000)
    // Failures are not cached: the next call asks again.
    await expect(p.token()).rejects.toThrow(/refused/)
  })

  it('an unreachable endpoint is UNAVAILABLE naming the URL, at once', async () => {
    const down = await fixed((_req, res) => res.end())
    await down.close()
    const { err, ms } = await failure(new OAuthTokenProvider({ tokenUrl: down.url, clientId: 'ops' }, SECRET).token())
    expect(err.code).toBe('UNAVAILABLE')
    expect(err.message).toBe(`SASL OAUTHBEARER: the OAuth token endpoint ${down.url} cannot be reached (ECONNREFUSED)`)
    expect(ms).toBeLessThan(2_000)
  })

  it('an endpoint that does not answer is UNAVAILABLE within the timeout', async () => {
    const hang = await fixed(() => undefined)
    try {
      const p = new OAuthTokenProvider({ tokenUrl: hang.url, clientId: 'ops' }, SECRET, { timeoutMs: 300 })
      const { err, ms } = await failure(p.token())
      expect(err.code).toBe('UNAVAILABLE')
      expect(err.message).toContain('no answer within 300 ms')
      expect(ms).toBeLessThan(1_000)
    } finally {
      await hang.close()
    }
  })

  it('bad JSON, a missing access_token and a 5xx are UNAVAILABLE', async () => {
    const answers: Array<[number, string, RegExp]> = [
      [200, '<html>login</html>', /did not answer a token/],
      [200, '{"token_type":"Bearer"}', /did not answer a token/],
      [503, '{"error":"temporarily_unavailable"}', /answered HTTP 503 \(temporarily_unavailable\)/],
    ]
    for (const [status, body, message] of answers) {
      const srv = await fixed((_req, res) => {
        res.writeHead(status, { 'content-type': 'application/json' })
        res.end(body)
      })
      try {
        const { err } = await failure(new OAuthTokenProvider({ tokenUrl: srv.url, clientId: 'ops' }, SECRET).token())
        expect(err.code).toBe('UNAVAILABLE')
        expect(err.message).toMatch(message)
        expect(err.message).toContain(srv.url)
      } finally {
        await srv.close()
      }
    }
  })

  it('an unknown audience is refused by the endpoint (400) as UNAUTHORIZED', async () => {
    const p = new OAuthTokenProvider({ tokenUrl, clientId: 'ops', audience: 'elsewhere' }, SECRET)
    expect((await failure(p.token())).err.message).toContain('HTTP 400 invalid_target')
  })

  it('kafkajs wrapping the provider error keeps it as it is', async () => {
    const { err } = await failure(new OAuthTokenProvider({ tokenUrl, clientId: 'ops' }, 'wrong-secret-x').token())
    const wrapped = Object.assign(new Error(err.message), { name: 'KafkaJSNumberOfRetriesExceeded', cause: err })
    expect(kafkaApiError(wrapped)).toBe(err)
  })
})
