import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

/**
 * The token cookie's name carries the port: cookies are shared by every port of a host name, so two
 * hosts (or any other local server) would otherwise overwrite or receive each other's token.
 */
export function tokenCookieName(port: number): string {
  return `keytrail_token_${port}`
}

export function newToken(): string {
  return randomBytes(24).toString('base64url')
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

export function cookieToken(req: IncomingMessage, cookieName: string): string | undefined {
  const header = req.headers.cookie
  if (!header) return undefined
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=')
    if (name === cookieName) return rest.join('=')
  }
  return undefined
}

/**
 * A request's URL, its path read as a path: `new URL('//evil.example/x', base)` would read the
 * path's start as a host name.
 */
export function requestUrl(req: IncomingMessage): URL {
  const raw = req.url ?? '/'
  return new URL(`http://keytrail.invalid${raw.startsWith('/') ? '' : '/'}${raw}`)
}

export type AuthVerdict = { ok: true; setCookie: boolean } | { ok: false; status: 401 | 403; reason: string }

/**
 * The browser-mode host's gate: the Host header must name the bound host (DNS rebinding),
 * and the request must carry the launch token (query once, then the HttpOnly cookie).
 */
export function checkRequest(
  req: IncomingMessage,
  token: string,
  allowedHosts: ReadonlySet<string>,
  cookieName: string,
): AuthVerdict {
  const host = (req.headers.host ?? '').toLowerCase()
  if (!allowedHosts.has(host)) return { ok: false, status: 403, reason: `Host "${host}" is not served here` }
  const fromCookie = cookieToken(req, cookieName)
  if (fromCookie && sameSecret(fromCookie, token)) return { ok: true, setCookie: false }
  const fromQuery = requestUrl(req).searchParams.get('token')
  if (fromQuery && sameSecret(fromQuery, token)) return { ok: true, setCookie: true }
  return { ok: false, status: 401, reason: 'Missing or wrong token: open the URL that `keytrail serve` printed' }
}

/** A WebSocket must also come from the page we served (cross-site WebSocket hijacking). */
export function checkOrigin(req: IncomingMessage, allowedOrigins: ReadonlySet<string>): boolean {
  const origin = req.headers.origin
  return typeof origin === 'string' && allowedOrigins.has(origin.toLowerCase())
}

/**
 * Where the token exchange may send the browser: a path of this origin only. A path that starts
 * with two slashes (or backslashes, which browsers read as slashes) would be another host.
 */
export function sameOriginPath(url: URL): string {
  const target = `${url.pathname}${url.search}`
  if (!url.pathname.startsWith('/') || /^[/\\]{2}/.test(url.pathname)) return '/'
  const base = new URL('http://keytrail.invalid/')
  return new URL(target, base).origin === base.origin ? target : '/'
}
