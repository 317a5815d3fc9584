import { createHash } from 'node:crypto'

/**
 * A file or directory name for any name that comes from a cluster (a consumer group, a Flink job):
 * a readable prefix plus a hash, so that every name gets one that is short and filesystem-safe
 * (a lone surrogate, 255 bytes of multi-byte characters, dots, slashes); the hash is over UTF-16
 * so that two names that differ only in unpaired surrogates stay apart.
 */
export function safeFileName(name: string): string {
  const prefix = name.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 48)
  const hash = createHash('sha256').update(name, 'utf16le').digest('hex').slice(0, 24)
  return `${prefix}-${hash}`
}

/**
 * The percent-encoded name Keytrail used before safeFileName, when the name has one a filesystem
 * takes (no lone surrogate, at most 255 bytes with its suffix): existing history stays readable.
 */
export function percentEncodedName(
  name: string,
  o: { encodeDots?: boolean; suffix?: string } = {},
): string | undefined {
  try {
    const encoded = o.encodeDots ? encodeURIComponent(name).replace(/\./g, '%2E') : encodeURIComponent(name)
    return Buffer.byteLength(encoded + (o.suffix ?? '')) <= 255 ? encoded : undefined
  } catch {
    return undefined // a lone surrogate
  }
}
