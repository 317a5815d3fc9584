// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- ambient types of two untyped pure-JS codecs, needed by every tsconfig that reaches this file
/// <reference path="./codec-modules.d.ts" />
import { gunzipSync } from 'node:zlib'
import { decompress as lz4Decompress } from 'lz4js'
import { decompress as zstdDecompress } from 'fzstd'
import { snappyDecode } from './snappy-frames'

/**
 * Kafka record batches (magic v2) decoded straight from a fetch response's record set. kafkajs'
 * own decoder builds string offsets and Long objects per record, which halves scan throughput;
 * this one works on numbers and lets a scan skip whole batches that cannot hold what it seeks.
 */
export interface BatchHeader {
  baseOffset: number
  lastOffset: number
  baseTimestamp: number
  maxTimestamp: number
  producerId: number
  transactional: boolean
  control: boolean
  logAppendTime: boolean
  compression: number
  recordCount: number
}

export interface BatchRecord {
  offset: number
  timestamp: number
  key: Buffer | null
  value: Buffer | null
  headers: [string, Buffer | null][]
  /** key + value + header bytes. */
  size: number
}

export class Cursor {
  pos: number
  constructor(
    readonly buf: Buffer,
    pos = 0,
  ) {
    this.pos = pos
  }
  varint(): number {
    let result = 0
    let shift = 0
    let b: number
    do {
      b = this.buf[this.pos++]!
      result += (b & 0x7f) * 2 ** shift
      shift += 7
    } while (b & 0x80)
    // zigzag
    return result % 2 === 0 ? result / 2 : -(result + 1) / 2
  }
  bytes(): Buffer | null {
    const len = this.varint()
    if (len < 0) return null
    const out = this.buf.subarray(this.pos, this.pos + len)
    this.pos += len
    return out
  }
}

const int64 = (buf: Buffer, at: number): number => buf.readInt32BE(at) * 4294967296 + buf.readUInt32BE(at + 4)

export class UnsupportedFormatError extends Error {}

function decompress(codec: number, data: Buffer): Buffer {
  switch (codec) {
    case 0:
      return data
    case 1:
      return gunzipSync(data)
    case 2:
      return snappyDecode(data)
    case 3:
      return Buffer.from(lz4Decompress(data))
    case 4:
      return Buffer.from(zstdDecompress(data))
    default:
      throw new UnsupportedFormatError(`unknown compression codec ${codec}`)
  }
}

export interface BatchVisit {
  header: BatchHeader
  /** The decompressed records area; a scan may search it before decoding any record. */
  records: Buffer
  /** Decodes the batch's records. */
  decode(): BatchRecord[]
}

/**
 * Visits every complete batch of a record set; a batch cut short by the fetch's byte limit ends
 * the walk. Returns the offset after the last complete batch (or `fallback` when there is none).
 */
export function walkBatches(recordSet: Buffer, visit: (b: BatchVisit) => void): number | null {
  let pos = 0
  let next: number | null = null
  while (pos + 61 <= recordSet.length) {
    const batchLength = recordSet.readInt32BE(pos + 8)
    const end = pos + 12 + batchLength
    if (end > recordSet.length) break
    const magic = recordSet.readInt8(pos + 16)
    if (magic !== 2) throw new UnsupportedFormatError(`message format v${magic} (before Kafka 0.11) is not supported`)
    const attributes = recordSet.readInt16BE(pos + 21)
    const baseOffset = int64(recordSet, pos)
    const header: BatchHeader = {
      baseOffset,
      lastOffset: baseOffset + recordSet.readInt32BE(pos + 23),
      baseTimestamp: int64(recordSet, pos + 27),
      maxTimestamp: int64(recordSet, pos + 35),
      producerId: int64(recordSet, pos + 43),
      compression: attributes & 0x07,
      logAppendTime: (attributes & 0x08) !== 0,
      transactional: (attributes & 0x10) !== 0,
      control: (attributes & 0x20) !== 0,
      recordCount: recordSet.readInt32BE(pos + 57),
    }
    const records = decompress(header.compression, recordSet.subarray(pos + 61, end))
    visit({ header, records, decode: () => decodeRecords(header, records) })
    next = header.lastOffset + 1
    pos = end
  }
  return next
}

export function decodeRecords(h: BatchHeader, records: Buffer): BatchRecord[] {
  const out: BatchRecord[] = new Array(h.recordCount)
  const c = new Cursor(records)
  for (let i = 0; i < h.recordCount; i++) {
    const length = c.varint()
    const start = c.pos
    c.pos += 1 // record attributes: unused
    const tsDelta = c.varint()
    const offsetDelta = c.varint()
    const key = c.bytes()
    const value = c.bytes()
    const headerCount = c.varint()
    const headers: [string, Buffer | null][] = []
    let size = (key?.length ?? 0) + (value?.length ?? 0)
    for (let j = 0; j < headerCount; j++) {
      const k = c.bytes()
      const v = c.bytes()
      size += (k?.length ?? 0) + (v?.length ?? 0)
      headers.push([k ? k.toString('utf8') : '', v])
    }
    c.pos = start + length
    out[i] = {
      offset: h.baseOffset + offsetDelta,
      timestamp: h.logAppendTime ? h.maxTimestamp : h.baseTimestamp + tsDelta,
      key,
      value,
      headers,
      size,
    }
  }
  return out
}
