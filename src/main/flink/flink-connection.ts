import { readFile } from 'node:fs/promises'
import type { z } from 'zod'
import { ApiError, type Profile } from '../../shared/contract'
import type { SecretStore } from '../profiles/secret-store'
import { httpJson, type HttpJsonOptions } from '../util/http-json'
import { basicAuth, splitUrlCredentials } from '../util/url-credentials'

export type FlinkSettings = NonNullable<Profile['flink']>

/** Base URL, auth headers and TLS of one profile's Flink REST endpoint. */
export class FlinkConnection {
  private constructor(
    readonly settings: FlinkSettings,
    private readonly headers: Record<string, string>,
    private readonly tls: HttpJsonOptions['tls'],
  ) {}

  static async open(profile: Profile, secrets: SecretStore): Promise<FlinkConnection | undefined> {
    if (!profile.flink) return undefined
    // A URL with credentials is refused at save; one stored before that is used without them in
    // the address (which every error message echoes), as basic auth unless auth is configured.
    const split = splitUrlCredentials(profile.flink.url)
    const settings: FlinkSettings = { ...profile.flink, url: split.url }
    const headers: Record<string, string> = {}
    if (!settings.auth && (split.username !== undefined || split.password !== undefined)) {
      headers.authorization = basicAuth(split.username ?? '', split.password ?? '')
    } else if (settings.auth?.type === 'basic') {
      const password = (await secrets.get(profile.id, 'flinkPassword')) ?? ''
      headers.authorization = basicAuth(settings.auth.username, password)
    } else if (settings.auth?.type === 'bearer') {
      const token = await secrets.get(profile.id, 'flinkToken')
      if (token) headers.authorization = `Bearer ${token}`
    }
    const t = settings.tls
    const tls = t && {
      ca: t.caFile ? await readFile(t.caFile) : undefined,
      cert: t.certFile ? await readFile(t.certFile) : undefined,
      key: t.keyFile ? await readFile(t.keyFile) : undefined,
      rejectUnauthorized: t.rejectUnauthorized,
    }
    return new FlinkConnection(settings, headers, tls)
  }

  get<S extends z.ZodType>(path: string, schema: S, signal?: AbortSignal): Promise<z.output<S>> {
    return this.send('GET', path, undefined, schema, signal)
  }

  send<S extends z.ZodType>(
    method: 'GET' | 'POST' | 'PATCH',
    path: string,
    body: unknown,
    schema: S,
    signal?: AbortSignal,
  ): Promise<z.output<S>> {
    const base = this.settings.url.endsWith('/') ? this.settings.url : `${this.settings.url}/`
    return httpJson(new URL(path.replace(/^\//, ''), base).toString(), schema, {
      method,
      body,
      headers: this.headers,
      timeoutMs: this.settings.timeoutMs,
      signal,
      tls: this.tls,
    }).catch((err: unknown) => {
      throw namedFlinkError(err)
    })
  }
}

/**
 * Every failure of the endpoint says it is Flink's, so that a screen showing several components
 * names the one that failed; a JobManager that does not answer in time is unavailable, not a
 * timeout of the caller's.
 */
export function namedFlinkError(err: unknown): unknown {
  if (!(err instanceof ApiError) || err.code === 'NOT_FOUND' || err.code === 'CANCELLED') return err
  if (err.code !== 'UNAVAILABLE' && err.code !== 'TIMEOUT') return err
  if (err.message.startsWith(FLINK)) return err
  const details = err.code === 'TIMEOUT' ? { timedOut: true } : err.details
  return new ApiError('UNAVAILABLE', `${FLINK}: ${err.message}`, details)
}

/** A JobManager that let the whole timeout pass: asking again only doubles the wait. */
export function timedOut(err: unknown): boolean {
  return err instanceof ApiError && (err.details as { timedOut?: unknown } | undefined)?.timedOut === true
}

const FLINK = 'Flink REST API'
