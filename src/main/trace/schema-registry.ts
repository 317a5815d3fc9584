import { z } from 'zod'
import { avroSchema } from './avro-decoder'
import { protobufSchema } from './protobuf-decoder'
import { RegistryError, errorForStatus, unreachable } from './registry-error'
import { parseJsonExact } from './exact-json'

export { RegistryError } from './registry-error'

const referenceSchema = z.object({ name: z.string(), subject: z.string(), version: z.number().int() })
const schemaResponse = z.object({
  schema: z.string(),
  schemaType: z.enum(['AVRO', 'PROTOBUF', 'JSON']).default('AVRO'),
  references: z.array(referenceSchema).default([]),
})

export type SchemaReference = z.infer<typeof referenceSchema>
/** A schema another one references, by the name it is referenced with (a .proto import path, an Avro type name). */
export interface ReferencedSchema {
  name: string
  schema: string
}

export type RegisteredSchema =
  | { kind: 'avro'; decode(payload: Buffer): unknown }
  | { kind: 'protobuf'; decode(payload: Buffer): unknown }
  | { kind: 'json'; decode(payload: Buffer): unknown }

export interface RegistryOptions {
  url: string
  username?: string
  password?: string
  timeoutMs?: number
  /** After a registry-wide failure, how long records fail at once instead of asking again. */
  retryAfterMs?: number
}

/** Deeper reference chains than this are taken as a cycle or a broken registry. */
const MAX_REFERENCES = 64

/** A Confluent-compatible Schema Registry: schemas by id with their references, fetched once and cached. */
export class SchemaRegistry {
  private readonly cache = new Map<number, Promise<RegisteredSchema>>()
  /** Schemas loaded, for a synchronous look-up on the per-record path (no promise per record). */
  private readonly loaded = new Map<number, RegisteredSchema>()
  private down: { error: RegistryError; until: number } | undefined
  /** The last registry-wide failure (refused, forbidden, unreachable) seen by this client. */
  failure: RegistryError | undefined
  readonly url: string

  constructor(private readonly opts: RegistryOptions) {
    this.url = opts.url.replace(/\/$/, '')
  }

  /** The schema if it is loaded already. */
  loadedSchema(id: number): RegisteredSchema | undefined {
    return this.loaded.get(id)
  }

  schema(id: number): Promise<RegisteredSchema> {
    let found = this.cache.get(id)
    if (found) return found
    // A registry that just refused or timed out is not asked again for every record.
    if (this.down && Date.now() < this.down.until) return Promise.reject(this.down.error)
    found = this.load(id)
    this.cache.set(id, found)
    found
      .then((s) => this.loaded.set(id, s))
      .catch((err: unknown) => {
        if (!(err instanceof RegistryError) || !err.registryWide) return
        // A registry-wide failure is not cached for the id: the registry may come back.
        this.cache.delete(id)
        this.failure = err
        this.down = { error: err, until: Date.now() + (this.opts.retryAfterMs ?? 10_000) }
      })
    return found
  }

  private async load(id: number): Promise<RegisteredSchema> {
    const body = this.parse(schemaResponse, await this.get(`/schemas/ids/${id}`, `schema ${id}`), `schema ${id}`)
    const refs = await this.referenced(body.references, new Set())
    try {
      if (body.schemaType === 'AVRO') return avroSchema(body.schema, refs)
      if (body.schemaType === 'PROTOBUF') return protobufSchema(body.schema, refs)
      return { kind: 'json', decode: (p) => parseJsonExact(p.toString('utf8')) }
    } catch (err) {
      throw new RegistryError(
        'invalid',
        `Schema ${id} (${body.schemaType}) cannot be compiled: ${(err as Error).message}`,
      )
    }
  }

  /** The schemas `refs` name, each after the ones it references in turn (Avro needs that order). */
  private async referenced(refs: SchemaReference[], seen: Set<string>): Promise<ReferencedSchema[]> {
    const out: ReferencedSchema[] = []
    for (const r of refs) {
      // Well-known protobuf types are built in (protobufjs ships them); registries may list them.
      if (r.name.startsWith('google/protobuf/')) continue
      const at = `${r.subject}/${r.version}`
      if (seen.has(at)) continue
      seen.add(at)
      if (seen.size > MAX_REFERENCES)
        throw new RegistryError('invalid', `More than ${MAX_REFERENCES} schema references`)
      const what = `subject ${r.subject} version ${r.version}`
      const version = r.version === -1 ? 'latest' : String(r.version)
      const path = `/subjects/${encodeURIComponent(r.subject)}/versions/${version}`
      const body = this.parse(schemaResponse, await this.get(path, what), what)
      out.push(...(await this.referenced(body.references, seen)), { name: r.name, schema: body.schema })
    }
    return out
  }

  private parse<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
    const r = schema.safeParse(body)
    if (!r.success) {
      const issue = r.error.issues[0]
      throw new RegistryError(
        'invalid',
        `Schema Registry ${this.url} sent an invalid answer for ${what}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim(),
      )
    }
    return r.data
  }

  private async get(path: string, what: string): Promise<unknown> {
    const headers: Record<string, string> = { accept: 'application/vnd.schemaregistry.v1+json, application/json' }
    if (this.opts.username) {
      headers.authorization = `Basic ${Buffer.from(`${this.opts.username}:${this.opts.password ?? ''}`).toString('base64')}`
    }
    const once = () =>
      fetch(`${this.url}${path}`, { headers, signal: AbortSignal.timeout(this.opts.timeoutMs ?? 5000) })
    let res: Response
    try {
      // Once more on a reset: a kept-alive connection the registry just closed is not an outage.
      res = await once().catch((err: unknown) => {
        if ((err as { cause?: { code?: string } }).cause?.code !== 'ECONNRESET') throw err
        return once()
      })
    } catch (err) {
      throw unreachable(this.url, err)
    }
    if (!res.ok) {
      await res.body?.cancel()
      throw errorForStatus(this.url, res.status, what)
    }
    try {
      return (await res.json()) as unknown
    } catch {
      throw new RegistryError('invalid', `Schema Registry ${this.url} sent no JSON for ${what}`, res.status)
    }
  }
}
