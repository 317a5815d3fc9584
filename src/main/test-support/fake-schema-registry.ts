import { confluentFrame } from '../stack/demo-schemas'
import avro from 'avsc'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import protobuf from 'protobufjs'

/**
 * A stand-in for a Confluent Schema Registry's HTTP API (not for Kafka): schemas by id with
 * schemaType and references, subject versions, and a switch to answer every request with a status.
 */
export interface StoredSchema {
  schema: string
  schemaType?: 'AVRO' | 'PROTOBUF' | 'JSON'
  references?: { name: string; subject: string; version: number }[]
}

export class FakeSchemaRegistry {
  private readonly byId = new Map<number, StoredSchema>()
  private readonly bySubject = new Map<string, { id: number; version: number }[]>()
  private nextId = 1
  /** When set, every request is answered with this status. */
  status: number | undefined
  requests = 0
  readonly server = http.createServer((req, res) => this.handle(req, res))

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve))
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
  }

  close(): Promise<void> {
    this.server.closeAllConnections()
    return new Promise((resolve) => this.server.close(() => resolve()))
  }

  /** Registers a schema under a subject (as a serializer would) and returns its id. */
  register(subject: string, s: StoredSchema): number {
    const id = this.nextId++
    this.byId.set(id, s)
    const versions = this.bySubject.get(subject) ?? []
    versions.push({ id, version: versions.length + 1 })
    this.bySubject.set(subject, versions)
    return id
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    this.requests++
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/vnd.schemaregistry.v1+json' })
      res.end(JSON.stringify(body))
    }
    if (this.status) return send(this.status, { error_code: this.status, message: 'refused' })
    const url = new URL(req.url ?? '/', 'http://x')
    const byId = /^\/schemas\/ids\/(\d+)$/.exec(url.pathname)
    if (byId) {
      const s = this.byId.get(Number(byId[1]))
      return s ? send(200, wire(s)) : send(404, { error_code: 40403, message: 'Schema not found' })
    }
    const bySubject = /^\/subjects\/([^/]+)\/versions\/(\d+|latest)$/.exec(url.pathname)
    const versions = bySubject ? this.bySubject.get(decodeURIComponent(bySubject[1]!)) : undefined
    if (bySubject && versions) {
      const v = bySubject[2] === 'latest' ? versions.at(-1) : versions.find((x) => x.version === Number(bySubject[2]))
      if (v)
        return send(200, {
          subject: decodeURIComponent(bySubject[1]!),
          version: v.version,
          id: v.id,
          ...wire(this.byId.get(v.id)!),
        })
    }
    send(404, { error_code: 40401, message: 'Subject not found' })
  }
}

/** Confluent leaves schemaType out for Avro and references out when there are none. */
function wire(s: StoredSchema) {
  return {
    schema: s.schema,
    ...(s.schemaType && s.schemaType !== 'AVRO' ? { schemaType: s.schemaType } : {}),
    ...(s.references?.length ? { references: s.references } : {}),
  }
}

/** Confluent wire format: magic byte 0, the schema id (big-endian int32), then the payload. */
export function frame(id: number, payload: Uint8Array): Buffer {
  return confluentFrame(id, Buffer.from(payload))
}

/** Protobuf payload with Confluent's message indexes before the message ([0] is written as a single 0). */
export function protobufPayload(indexes: number[], message: Uint8Array): Buffer {
  const w = protobuf.Writer.create()
  if (indexes.length === 1 && indexes[0] === 0) w.sint32(0)
  else {
    w.sint32(indexes.length)
    for (const i of indexes) w.sint32(i)
  }
  return Buffer.concat([w.finish(), message])
}

/**
 * The producer side's Avro long: avsc's own encoder with longs from BigInt, so that values beyond
 * 2^53 can be written as a serializer would write them.
 */
export const bigLong = avro.types.LongType.__with({
  fromBuffer: (b: Buffer) => b.readBigInt64LE(0),
  toBuffer: (v: bigint | number) => {
    const b = Buffer.alloc(8)
    b.writeBigInt64LE(BigInt(v))
    return b
  },
  fromJSON: BigInt,
  toJSON: Number,
  isValid: (v: unknown) => typeof v === 'bigint' || typeof v === 'number',
  compare: () => 0,
})
