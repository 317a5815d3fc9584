import { createHash, createPrivateKey, createPublicKey, sign, timingSafeEqual, type KeyObject } from 'node:crypto'
import { readFileSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'

/** What the stack's token endpoint issues, and to whom. */
export interface OAuthServerConfig {
  /** 127.0.0.1 port; 0 picks a free one (tests). */
  port: number
  issuer: string
  audience: string
  scope: string
  clientId: string
  clientSecret: string
  /** PKCS#8 PEM of the RS256 signing key. */
  signingKeyPem: string
  /** Token lifetime in seconds. */
  lifetimeS?: number
}

const b64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url')

/** The public key as a JWK Set (RFC 7517), with a kid derived from the key (RFC 7638 thumbprint). */
export function jwksOf(privateKey: KeyObject): { keys: Array<Record<string, string>> } {
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' }) as { n: string; e: string; kty: string }
  return { keys: [{ kty: 'RSA', n: jwk.n, e: jwk.e, kid: kidOf(privateKey), use: 'sig', alg: 'RS256' }] }
}

function kidOf(privateKey: KeyObject): string {
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' }) as { n: string; e: string }
  return b64url(
    createHash('sha256')
      .update(JSON.stringify({ e: jwk.e, kty: 'RSA', n: jwk.n }))
      .digest(),
  )
}

/** An RS256 JWT with the claims Kafka's broker validator requires: sub, iss, aud, iat, exp, scope. */
export function signJwt(privateKey: KeyObject, claims: Record<string, unknown>): string {
  const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: kidOf(privateKey) }))
  const payload = b64url(JSON.stringify(claims))
  const signature = sign('sha256', Buffer.from(`${header}.${payload}`), privateKey)
  return `${header}.${payload}.${b64url(signature)}`
}

function sameSecret(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest()
  const hb = createHash('sha256').update(b).digest()
  return timingSafeEqual(ha, hb)
}

/** client_secret_basic (id and secret form-encoded, then base64) or client_secret_post. */
function clientCredentials(req: http.IncomingMessage, form: URLSearchParams): { id?: string; secret?: string } {
  const auth = req.headers.authorization
  if (auth?.startsWith('Basic ')) {
    const decoded = Buffer.from(auth.slice(6), 'base64').toString('utf8')
    const colon = decoded.indexOf(':')
    if (colon > 0) {
      try {
        return {
          id: decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' ')),
          secret: decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' ')),
        }
      } catch {
        return {}
      }
    }
  }
  return { id: form.get('client_id') ?? undefined, secret: form.get('client_secret') ?? undefined }
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers })
  res.end(JSON.stringify(body))
}

/**
 * A client-credentials token endpoint (POST /token, RFC 6749 §4.4) and the JWKS its tokens verify
 * against (GET /jwks), for one client, on 127.0.0.1. Enough of an identity provider for the broker's
 * own JWT validation to be tested for real; nothing more.
 */
export function createOAuthServer(c: OAuthServerConfig): http.Server {
  const key = createPrivateKey(c.signingKeyPem)
  const jwks = JSON.stringify(jwksOf(key))
  const lifetime = c.lifetimeS ?? 3600
  return http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    if (req.method === 'GET' && (url.pathname === '/jwks' || url.pathname === '/.well-known/jwks.json')) {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(jwks)
      return
    }
    if (url.pathname !== '/token') return send(res, 404, { error: 'not_found' })
    if (req.method !== 'POST') return send(res, 405, { error: 'invalid_request' }, { allow: 'POST' })
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => {
      body += chunk
      if (body.length > 16_384) req.destroy()
    })
    req.on('end', () => {
      const form = new URLSearchParams(body)
      if (form.get('grant_type') !== 'client_credentials') {
        return send(res, 400, { error: 'unsupported_grant_type' })
      }
      const { id, secret } = clientCredentials(req, form)
      if (id !== c.clientId || secret === undefined || !sameSecret(secret, c.clientSecret)) {
        return send(
          res,
          401,
          { error: 'invalid_client', error_description: 'unknown client or wrong client secret' },
          { 'www-authenticate': 'Basic realm="keytrail-stack"' },
        )
      }
      const audience = form.get('audience')
      if (audience && audience !== c.audience) {
        return send(res, 400, { error: 'invalid_target', error_description: `unknown audience ${audience}` })
      }
      const now = Math.floor(Date.now() / 1000)
      const token = signJwt(key, {
        iss: c.issuer,
        sub: c.clientId,
        aud: c.audience,
        iat: now,
        nbf: now,
        exp: now + lifetime,
        scope: form.get('scope') ?? c.scope,
        client_id: c.clientId,
      })
      send(res, 200, { access_token: token, token_type: 'Bearer', expires_in: lifetime, scope: c.scope })
    })
  })
}

/** Listens on 127.0.0.1; resolves with the port. */
export function listenOAuthServer(server: http.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port))
  })
}

/** The signing key of a config read from the stack's files. */
export function readSigningKey(file: string): string {
  return readFileSync(file, 'utf8')
}
