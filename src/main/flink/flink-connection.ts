import { readFile } from 'node:fs/promises'
import type { z } from 'zod'
import type { Profile } from '../../shared/contract'
import type { SecretStore } from '../profiles/secret-store'
import { httpJson, type HttpJsonOptions } from '../util/http-json'

export type FlinkSettings = NonNullable<Profile['flink']>

/** Base URL, auth headers and TLS of one profile's Flink REST endpoint. */
export class FlinkConnection {
  private constructor(
    readonly settings: FlinkSettings,
    private readonly headers: Record<string, string>,
    private readonly tls: HttpJsonOptions['tls'],
  ) {}

  static async open(profile: Profile, secrets: SecretStore): Promise<FlinkConnection | undefined> {
    const settings = profile.flink
    if (!settings) return undefined
    const headers: Record<string, string> = {}
    if (settings.auth?.type === 'basic') {
      const password = (await secrets.get(profile.id, 'flinkPassword')) ?? ''
      headers.authorization = `Basic ${Buffer.from(`${settings.auth.username}:${password}`).toString('base64')}`
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
    })
  }
}
