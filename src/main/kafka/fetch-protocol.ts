/**
 * Fetch v11 (Kafka 2.3+, still served by Kafka 4), encoded and decoded here so that the record
 * sets stay raw buffers for `record-batch.ts`. Sent over kafkajs' authenticated connections.
 */
export interface FetchPartitionRequest {
  partition: number
  offset: number
  maxBytes: number
}

export interface FetchRequest {
  isolationLevel: 0 | 1
  maxWaitMs: number
  maxBytes: number
  topics: { topic: string; partitions: FetchPartitionRequest[] }[]
}

export interface FetchedPartition {
  topic: string
  partition: number
  errorCode: number
  highWatermark: number
  lastStableOffset: number
  logStartOffset: number
  abortedTransactions: { producerId: number; firstOffset: number }[]
  recordSet: Buffer
}

const FETCH_API_KEY = 1
const FETCH_VERSION = 11

class Writer {
  private parts: Buffer[] = []
  int8(v: number) {
    const b = Buffer.alloc(1)
    b.writeInt8(v)
    this.parts.push(b)
    return this
  }
  int32(v: number) {
    const b = Buffer.alloc(4)
    b.writeInt32BE(v)
    this.parts.push(b)
    return this
  }
  int64(v: number) {
    const b = Buffer.alloc(8)
    b.writeBigInt64BE(BigInt(v))
    this.parts.push(b)
    return this
  }
  string(s: string) {
    const body = Buffer.from(s, 'utf8')
    const len = Buffer.alloc(2)
    len.writeInt16BE(body.length)
    this.parts.push(len, body)
    return this
  }
  done(): Buffer {
    return Buffer.concat(this.parts)
  }
}

export function encodeFetch(req: FetchRequest): Buffer {
  const w = new Writer()
    .int32(-1) // replica id: a consumer
    .int32(req.maxWaitMs)
    .int32(1) // min bytes
    .int32(req.maxBytes)
    .int8(req.isolationLevel)
    .int32(0) // no fetch session
    .int32(-1)
    .int32(req.topics.length)
  for (const t of req.topics) {
    w.string(t.topic).int32(t.partitions.length)
    for (const p of t.partitions) {
      w.int32(p.partition).int32(-1).int64(p.offset).int64(-1).int32(p.maxBytes)
    }
  }
  return w.int32(0).string('').done() // no forgotten topics, no rack
}

class Reader {
  pos = 0
  constructor(private readonly buf: Buffer) {}
  int16() {
    const v = this.buf.readInt16BE(this.pos)
    this.pos += 2
    return v
  }
  int32() {
    const v = this.buf.readInt32BE(this.pos)
    this.pos += 4
    return v
  }
  int64() {
    const v = this.buf.readInt32BE(this.pos) * 4294967296 + this.buf.readUInt32BE(this.pos + 4)
    this.pos += 8
    return v
  }
  string() {
    const len = this.int16()
    const s = this.buf.toString('utf8', this.pos, this.pos + len)
    this.pos += len
    return s
  }
  bytes() {
    const len = this.int32()
    if (len < 0) return Buffer.alloc(0)
    const b = this.buf.subarray(this.pos, this.pos + len)
    this.pos += len
    return b
  }
}

export function decodeFetch(payload: Buffer): { errorCode: number; partitions: FetchedPartition[] } {
  const r = new Reader(payload)
  r.int32() // throttle
  const errorCode = r.int16()
  r.int32() // session
  const partitions: FetchedPartition[] = []
  for (let t = r.int32(); t > 0; t--) {
    const topic = r.string()
    for (let p = r.int32(); p > 0; p--) {
      const partition = r.int32()
      const pErr = r.int16()
      const highWatermark = r.int64()
      const lastStableOffset = r.int64()
      const logStartOffset = r.int64()
      const abortedTransactions: FetchedPartition['abortedTransactions'] = []
      for (let a = r.int32(); a > 0; a--) abortedTransactions.push({ producerId: r.int64(), firstOffset: r.int64() })
      r.int32() // preferred read replica
      partitions.push({
        topic,
        partition,
        errorCode: pErr,
        highWatermark,
        lastStableOffset,
        logStartOffset,
        abortedTransactions,
        recordSet: r.bytes(),
      })
    }
  }
  return { errorCode, partitions }
}

/** The protocol request kafkajs' connection pool sends (its `encode` must yield an Encoder-like object). */
export function fetchProtocolRequest(req: FetchRequest) {
  const body = encodeFetch(req)
  return {
    request: {
      apiKey: FETCH_API_KEY,
      apiVersion: FETCH_VERSION,
      apiName: 'Fetch',
      encode: async () => ({ buf: body, buffer: body }),
    },
    response: {
      decode: async (payload: Buffer) => decodeFetch(payload),
      parse: async (decoded: ReturnType<typeof decodeFetch>) => decoded,
    },
    requestTimeout: req.maxWaitMs + 30_000,
  }
}
