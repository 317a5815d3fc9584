import { createHash } from 'node:crypto'
import http from 'node:http'
import https from 'node:https'
import { z } from 'zod'
import { ApiError, type OAuthSettings } from '../../shared/contract'

/** What kafkajs' `oauthBearerProvider` returns. */
export interface OAuthBearerToken {
  value: string
}

export interface OAuthTokenOptions {
  /** The whole request, connect to last byte: a token endpoint that hangs must not hold a call. */
  timeoutMs?: number
  /** A token is renewed this long before it expires (at most half its lifetime). */
  refreshMarginMs?: number
  now?: () => number
  /** PEM CA for an https token URL signed by a private CA. */
  ca?: string
}

const DEFAULT_TIMEOUT_MS = 1_500
const DEFAULT_MARGIN_MS = 60_000
/** Lifetime assumed when the token endpoint does not say (RFC 6749 makes expires_in optional). */
const DEFAULT_LIFETIME_S = 300

const tokenResponseSchema = z.looseObject({
  access_token: z.string().min(1).max(64_000),
  token_type: z.string().optional(),
  expires_in: z.coerce.number().positive().optional(),
})

const oauthErrorSchema = z.looseObject({ error: z.string(), error_description: z.string().optional() })

/**
 * The token errors are not kafkajs' to retry: a refused secret stays refused, and an endpoint that
 * is down must be reported within the call's budget, not after kafkajs' back-off.
 */
function fail(code: 'UNAUTHORIZED' | 'UNAVAILABLE', message: string, details: Record<string, unknown>): ApiError {
  const err = new ApiError(code, message, { mechanism: 'OAUTHBEARER', ...details })
  Object.assign(err, { retriable: false })
  return err
}

interface RawResponse {
  status: number
  body: string
}

function post(url: URL, form: string, headers: Record<string, string>, o: OAuthTokenOptions): Promise<RawResponse> {
  const lib = url.protocol === 'https:' ? https : http
  const timeoutMs = o.timeoutMs ?? DEFAULT_TIMEOUT_MS
  return new Promise((resolve, reject) => {
    const req = lib.request(url, {
      method: 'POST',
      headers: {
        accept: 'application/json',
        'content-type': 'application/x-www-form-urlencoded',
        'content-length': String(Buffer.byteLength(form)),
        ...headers,
      },
      ...(url.protocol === 'https:' && o.ca ? { ca: o.ca } : {}),
    })
    // One deadline for the whole exchange (node's `timeout` is only socket idleness).
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)
    req.on('response', (res) => {
      const chunks: Buffer[] = []
      let size = 0
      res.on('data', (c: Buffer) => {
        size += c.length
        if (size > 256 * 1024) req.destroy(new Error('the answer is larger than 256 KiB'))
        else chunks.push(c)
      })
      res.on('end', () => {
        clearTimeout(timer)
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') })
      })
      res.on('error', (err) => {
        clearTimeout(timer)
        reject(err)
      })
    })
    req.on('error', (err) => {
      clearTimeout(timer)
      reject(err)
    })
    req.end(form)
  })
}

/** The OAuth error code and description of a refusal, never the request (it holds the secret). */
function refusal(body: string): string {
  try {
    const parsed = oauthErrorSchema.safeParse(JSON.parse(body))
    if (parsed.success) {
      const d = parsed.data.error_description
      return `${parsed.data.error.slice(0, 100)}${d ? `: ${d.slice(0, 200)}` : ''}`
    }
  } catch {
    // not JSON
  }
  return body.replace(/\s+/g, ' ').slice(0, 120) || 'no body'
}

/**
 * An access token from an OAuth 2.0 client-credentials grant (RFC 6749 §4.4), cached until shortly
 * before it expires; concurrent callers share one request. Failures are API errors that name the
 * token URL and the client id, never the secret: UNAUTHORIZED when the endpoint refuses the
 * client (400/401/403), UNAVAILABLE when it cannot be reached, times out or answers nonsense.
 */
export class OAuthTokenProvider {
  private cached: { value: string; renewAt: number } | undefined
  private inFlight: Promise<OAuthBearerToken> | undefined

  constructor(
    private readonly settings: OAuthSettings,
    private readonly clientSecret: string,
    private readonly opts: OAuthTokenOptions = {},
  ) {}

  /** kafkajs' `oauthBearerProvider`. */
  readonly provide = (): Promise<OAuthBearerToken> => this.token()

  token(): Promise<OAuthBearerToken> {
    const now = (this.opts.now ?? Date.now)()
    if (this.cached && now < this.cached.renewAt) return Promise.resolve({ value: this.cached.value })
    this.inFlight ??= this.fetchToken().finally(() => {
      this.inFlight = undefined
    })
    return this.inFlight
  }

  /** Forgets the cached token (a broker refused it). */
  reset(): void {
    this.cached = undefined
  }

  private async fetchToken(): Promise<OAuthBearerToken> {
    const s = this.settings
    const url = new URL(s.tokenUrl)
    const where = `the OAuth token endpoint ${s.tokenUrl}`
    const form = new URLSearchParams({ grant_type: 'client_credentials' })
    if (s.scope) form.set('scope', s.scope)
    if (s.audience) form.set('audience', s.audience)
    // client_secret_basic (RFC 6749 §2.3.1): id and secret form-encoded, then base64.
    const basic = Buffer.from(
      `${encodeURIComponent(s.clientId)}:${encodeURIComponent(this.clientSecret)}`,
      'utf8',
    ).toString('base64')
    const started = (this.opts.now ?? Date.now)()
    let res: RawResponse
    try {
      res = await post(url, form.toString(), { authorization: `Basic ${basic}` }, this.opts)
    } catch (err) {
      const reason = (err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.message : String(err))
      throw fail('UNAVAILABLE', `SASL OAUTHBEARER: ${where} cannot be reached (${reason})`, {
        tokenUrl: s.tokenUrl,
      })
    }
    if ([400, 401, 403].includes(res.status)) {
      throw fail(
        'UNAUTHORIZED',
        `SASL OAUTHBEARER: ${where} refused the client credentials of client "${s.clientId}" (HTTP ${res.status} ${refusal(res.body)}): check the client id and the OAuth client secret of the profile`,
        { tokenUrl: s.tokenUrl, clientId: s.clientId, status: res.status },
      )
    }
    if (res.status < 200 || res.status >= 300) {
      throw fail('UNAVAILABLE', `SASL OAUTHBEARER: ${where} answered HTTP ${res.status} (${refusal(res.body)})`, {
        tokenUrl: s.tokenUrl,
        status: res.status,
      })
    }
    let json: unknown
    try {
      json = JSON.parse(res.body)
    } catch {
      json = undefined
    }
    const parsed = tokenResponseSchema.safeParse(json)
    if (!parsed.success) {
      throw fail('UNAVAILABLE', `SASL OAUTHBEARER: ${where} did not answer a token (expected JSON with access_token)`, {
        tokenUrl: s.tokenUrl,
      })
    }
    const lifetimeMs = (parsed.data.expires_in ?? DEFAULT_LIFETIME_S) * 1000
    const margin = Math.min(this.opts.refreshMarginMs ?? DEFAULT_MARGIN_MS, lifetimeMs / 2)
    this.cached = { value: parsed.data.access_token, renewAt: started + lifetimeMs - margin }
    return { value: parsed.data.access_token }
  }
}

const providers = new Map<string, OAuthTokenProvider>()

/**
 * One provider per client and secret in this process, so that the connections a host opens for
 * one profile (lag, trace, health) share a token instead of each fetching its own.
 */
export function sharedOAuthProvider(settings: OAuthSettings, clientSecret: string): OAuthTokenProvider {
  const key = createHash('sha256')
    .update(JSON.stringify([settings.tokenUrl, settings.clientId, settings.scope, settings.audience, clientSecret]))
    .digest('hex')
  let p = providers.get(key)
  if (!p) {
    if (providers.size > 100) providers.clear()
    p = new OAuthTokenProvider(settings, clientSecret)
    providers.set(key, p)
  }
  return p
}
