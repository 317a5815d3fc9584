import http from 'node:http'
import https from 'node:https'
import type { z } from 'zod'
import { ApiError } from '../../shared/contract'

export interface HttpJsonOptions {
  method?: 'GET' | 'POST' | 'PATCH'
  headers?: Record<string, string>
  body?: unknown
  timeoutMs: number
  signal?: AbortSignal
  /** PEM material, read once by the caller (not per request). */
  tls?: { ca?: Buffer; cert?: Buffer; key?: Buffer; rejectUnauthorized?: boolean }
  /** Largest response accepted; protects memory against a misbehaving server. */
  maxBytes?: number
}

export class HttpStatusError extends ApiError {
  constructor(
    readonly status: number,
    url: string,
    body: string,
  ) {
    super(
      status === 404 ? 'NOT_FOUND' : 'UNAVAILABLE',
      `HTTP ${status} from ${url}${body ? `: ${body.slice(0, 300)}` : ''}`,
      {
        status,
      },
    )
  }
}

/** One JSON request over node:http(s), validated against a schema where it enters. */
export function httpJson<S extends z.ZodType>(url: string, schema: S, opts: HttpJsonOptions): Promise<z.output<S>> {
  const target = new URL(url)
  const lib = target.protocol === 'https:' ? https : http
  const body = opts.body === undefined ? undefined : JSON.stringify(opts.body)
  const maxBytes = opts.maxBytes ?? 32 * 1024 * 1024
  return new Promise((resolve, reject) => {
    const req = lib.request(
      target,
      {
        method: opts.method ?? 'GET',
        headers: {
          accept: 'application/json',
          ...(body ? { 'content-type': 'application/json' } : {}),
          ...opts.headers,
        },
        timeout: opts.timeoutMs,
        signal: opts.signal,
        ...(target.protocol === 'https:' && opts.tls
          ? {
              ca: opts.tls.ca,
              cert: opts.tls.cert,
              key: opts.tls.key,
              rejectUnauthorized: opts.tls.rejectUnauthorized ?? true,
            }
          : {}),
      },
      (res) => {
        const chunks: Buffer[] = []
        let size = 0
        res.on('data', (chunk: Buffer) => {
          size += chunk.length
          if (size > maxBytes) {
            req.destroy(new ApiError('UNAVAILABLE', `Response from ${url} is larger than ${maxBytes} bytes`))
            return
          }
          chunks.push(chunk)
        })
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          const status = res.statusCode ?? 0
          if (status < 200 || status >= 300) return reject(new HttpStatusError(status, url, text))
          let json: unknown
          try {
            json = text.length ? JSON.parse(text) : null
          } catch {
            return reject(new ApiError('UNAVAILABLE', `${url} did not answer JSON`))
          }
          const parsed = schema.safeParse(json)
          if (!parsed.success) {
            return reject(
              new ApiError('UNAVAILABLE', `Unexpected response from ${url}`, {
                issues: parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`),
              }),
            )
          }
          resolve(parsed.data)
        })
        // The server or a proxy cut the body short (Node says "aborted"): the endpoint failed, not us.
        res.on('error', (err) =>
          reject(
            err instanceof ApiError ? err : new ApiError('UNAVAILABLE', `${url}: response cut off (${describe(err)})`),
          ),
        )
      },
    )
    req.on('timeout', () => req.destroy(new ApiError('TIMEOUT', `No answer from ${url} within ${opts.timeoutMs} ms`)))
    req.on('error', (err) =>
      reject(err instanceof ApiError ? err : new ApiError('UNAVAILABLE', `${url}: ${describe(err)}`)),
    )
    if (body) req.write(body)
    req.end()
  })
}

function describe(err: Error): string {
  const code = (err as NodeJS.ErrnoException).code
  return code ? `${code}${err.message && !err.message.includes(code) ? ` ${err.message}` : ''}` : err.message
}
