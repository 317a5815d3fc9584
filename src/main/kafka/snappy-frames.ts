// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- ambient types of two untyped pure-JS codecs, needed by every tsconfig that reaches this file
/// <reference path="./codec-modules.d.ts" />
import { uncompress as snappyUncompress } from 'snappyjs'

// Pure JS (no native module): Keytrail only ever decompresses.
const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00])

/** Kafka's Java client frames snappy the xerial way (header, then length-prefixed blocks); others send raw blocks. */
export function snappyDecode(buf: Buffer): Buffer {
  if (buf.length >= 16 && buf.subarray(0, 8).equals(XERIAL_MAGIC)) {
    const parts: Buffer[] = []
    let pos = 16
    while (pos + 4 <= buf.length) {
      const len = buf.readUInt32BE(pos)
      pos += 4
      parts.push(Buffer.from(snappyUncompress(buf.subarray(pos, pos + len))))
      pos += len
    }
    return Buffer.concat(parts)
  }
  return Buffer.from(snappyUncompress(buf))
}
