import type { SchemaRegistry } from './schema-registry'

export interface Decoded {
  value: unknown
  valueFormat: 'json' | 'text' | 'avro' | 'protobuf' | 'binary' | 'null'
  decodeError?: string
  schemaId?: number
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

/** Text when the bytes are valid UTF-8 without control characters (tabs and newlines allowed). */
export function asText(buf: Uint8Array): string | undefined {
  try {
    const s = utf8.decode(buf)
    // eslint-disable-next-line no-control-regex
    return /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(s) ? undefined : s
  } catch {
    return undefined
  }
}

/**
 * Decodes a record value: Confluent-framed Avro/Protobuf/JSON through the registry, then JSON,
 * then UTF-8 text, else base64. Never throws: what cannot be decoded comes back raw with the reason.
 */
export async function decodeValue(buf: Buffer | null, registry: SchemaRegistry | undefined): Promise<Decoded> {
  if (buf === null) return { value: null, valueFormat: 'null' }
  if (buf.length >= 5 && buf[0] === 0) {
    const schemaId = buf.readInt32BE(1)
    if (!registry) {
      return {
        value: buf.toString('base64'),
        valueFormat: 'binary',
        schemaId,
        decodeError: `Schema Registry framing (schema ${schemaId}) but the profile has no registry`,
      }
    }
    try {
      const schema = await registry.schema(schemaId)
      return {
        value: schema.decode(buf.subarray(5)),
        valueFormat: schema.kind === 'json' ? 'json' : schema.kind,
        schemaId,
      }
    } catch (err) {
      return {
        value: buf.toString('base64'),
        valueFormat: 'binary',
        schemaId,
        decodeError: String((err as Error).message ?? err),
      }
    }
  }
  const text = asText(buf)
  if (text === undefined) return { value: buf.toString('base64'), valueFormat: 'binary', decodeError: 'not UTF-8 text' }
  const first = text.trimStart()[0]
  if (first === '{' || first === '[' || first === '"') {
    try {
      return { value: JSON.parse(text) as unknown, valueFormat: 'json' }
    } catch (err) {
      return { value: text, valueFormat: 'text', decodeError: `looks like JSON but is not: ${(err as Error).message}` }
    }
  }
  return { value: text, valueFormat: 'text' }
}
