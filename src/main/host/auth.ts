import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

export const TOKEN_COOKIE = 'keytrail_token'

export function newToken(): string {
  return randomBytes(24).toString('base64url')
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

export function cookieToken(req: IncomingMessage): string | undefined {
  const header = req.headers.cookie
  if (!header) return undefined
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=')
    if (name === TOKEN_COOKIE) return rest.join('=')
  }
  return undefined
}

export type AuthVerdict = { ok: true; setCookie: boolean } | { ok: false; status: 401 | 403; reason: string }

/**
 * The browser-mode host's gate: the Host header must name the bound host (DNS rebinding),
 * and the request must carry the launch token (query once, then the HttpOnly cookie).
 */
export function checkRequest(req: IncomingMessage, token: string, allowedHosts: ReadonlySet<string>): AuthVerdict {
  const host = (req.headers.host ?? '').toLowerCase()
  if (!allowedHosts.has(host)) return { ok: false, status: 403, reason: `Host "${host}" is not served here` }
  const fromCookie = cookieToken(req)
  if (fromCookie && sameSecret(fromCookie, token)) return { ok: true, setCookie: false }
  const fromQuery = new URL(req.url ?? '/', 'http://x').searchParams.get('token')
  if (fromQuery && sameSecret(fromQuery, token)) return { ok: true, setCookie: true }
  return { ok: false, status: 401, reason: 'Missing or wrong token: open the URL that `keytrail serve` printed' }
}

/** A WebSocket must also come from the page we served (cross-site WebSocket hijacking). */
export function checkOrigin(req: IncomingMessage, allowedOrigins: ReadonlySet<string>): boolean {
  const origin = req.headers.origin
  return typeof origin === 'string' && allowedOrigins.has(origin.toLowerCase())
}
