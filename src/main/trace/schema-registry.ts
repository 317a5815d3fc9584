import { z } from 'zod'
import avro from 'avsc'
import protobuf from 'protobufjs'

const schemaResponse = z.object({
  schema: z.string(),
  schemaType: z.enum(['AVRO', 'PROTOBUF', 'JSON']).default('AVRO'),
  references: z.array(z.unknown()).optional(),
})

export type RegisteredSchema =
  | { kind: 'avro'; decode(payload: Buffer): unknown }
  | { kind: 'protobuf'; decode(payload: Buffer): unknown }
  | { kind: 'json'; decode(payload: Buffer): unknown }

export interface RegistryOptions {
  url: string
  username?: string
  password?: string
  timeoutMs?: number
}

/** A Confluent-compatible Schema Registry: schemas by id, fetched once and cached. */
export class SchemaRegistry {
  private readonly cache = new Map<number, Promise<RegisteredSchema>>()
  constructor(private readonly opts: RegistryOptions) {}

  schema(id: number): Promise<RegisteredSchema> {
    let found = this.cache.get(id)
    if (!found) {
      found = this.load(id)
      this.cache.set(id, found)
      // A failure is not cached: the registry may come back.
      found.catch(() => this.cache.delete(id))
    }
    return found
  }

  private async load(id: number): Promise<RegisteredSchema> {
    const headers: Record<string, string> = { accept: 'application/vnd.schemaregistry.v1+json' }
    if (this.opts.username) {
      headers.authorization = `Basic ${Buffer.from(`${this.opts.username}:${this.opts.password ?? ''}`).toString('base64')}`
    }
    const res = await fetch(`${this.opts.url.replace(/\/$/, '')}/schemas/ids/${id}`, {
      headers,
      signal: AbortSignal.timeout(this.opts.timeoutMs ?? 5000),
    })
    if (!res.ok) throw new Error(`schema registry answered ${res.status} for schema ${id}`)
    const body = schemaResponse.parse(await res.json())
    if (body.references?.length) throw new Error(`schema ${id} has references, which Keytrail does not resolve yet`)
    if (body.schemaType === 'AVRO') {
      const type = avro.Type.forSchema(JSON.parse(body.schema) as avro.Schema)
      return { kind: 'avro', decode: (p) => type.fromBuffer(p) as unknown }
    }
    if (body.schemaType === 'PROTOBUF') return protobufSchema(body.schema)
    return { kind: 'json', decode: (p) => JSON.parse(p.toString('utf8')) as unknown }
  }
}

/** Confluent's protobuf framing: message indexes (zigzag varints, count first; 0 = the first message) then the message. */
function protobufSchema(text: string): RegisteredSchema {
  const root = protobuf.parse(text, { keepCase: true }).root
  const top = (ns: protobuf.NamespaceBase): protobuf.Type[] =>
    ns.nestedArray.flatMap((n) => (n instanceof protobuf.Type ? [n] : n instanceof protobuf.Namespace ? top(n) : []))
  const messages = top(root)
  return {
    kind: 'protobuf',
    decode(payload) {
      let pos = 0
      const varint = () => {
        let v = 0
        let shift = 0
        let b: number
        do {
          b = payload[pos++]!
          v |= (b & 0x7f) << shift
          shift += 7
        } while (b & 0x80)
        return (v >>> 1) ^ -(v & 1)
      }
      const count = varint()
      const path = count === 0 ? [0] : Array.from({ length: count }, varint)
      let type: protobuf.Type | undefined = messages[path[0]!]
      for (const i of path.slice(1))
        type = type?.nestedArray.filter((n) => n instanceof protobuf.Type)[i] as protobuf.Type
      if (!type) throw new Error(`no message at index ${path.join('.')}`)
      return type.toObject(type.decode(payload.subarray(pos)), { longs: String, enums: String, bytes: String })
    },
  }
}
