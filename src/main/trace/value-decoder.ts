import type { TraceFinding } from '../../shared/contract/trace'
import type { RawRecord } from '../kafka/partition-reader'
import type { RegisteredSchema, SchemaRegistry } from './schema-registry'
import { parseJsonExact } from './exact-json'

type RegistryFormat = 'avro' | 'protobuf' | 'json'

export interface Decoded {
  value: unknown
  valueFormat: 'json' | 'text' | RegistryFormat | 'binary' | 'null'
  decodeError?: string
  schemaId?: number
}

export interface DecodedKey {
  /** The key as text: itself, the decoded id, or (a structured key) its JSON; base64 when binary. */
  text: string | null
  format: 'text' | 'binary' | 'null' | RegistryFormat
  schemaId?: number
  decodeError?: string
}

/** A record's value (the fields of `Decoded`) with its key, and why it is not fully decoded, if so. */
export interface DecodedRecord extends Decoded {
  key: DecodedKey
  undecodable?: string
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

/** Confluent wire format: magic byte 0, a 4-byte schema id, then the payload. Text never starts with 0. */
export function isFramed(buf: Buffer | null): boolean {
  return buf !== null && buf.length >= 5 && buf[0] === 0
}

type Framed =
  | { ok: true; value: unknown; format: RegistryFormat; schemaId: number }
  | { ok: false; schemaId: number; error: string }

/** Synchronous once the schema is loaded: the per-record path makes no promise of its own then. */
function decodeFramed(buf: Buffer, registry: SchemaRegistry): Framed | Promise<Framed> {
  const schemaId = buf.readInt32BE(1)
  const fail = (err: unknown): Framed => ({ ok: false, schemaId, error: String((err as Error).message ?? err) })
  const run = (schema: RegisteredSchema): Framed => {
    try {
      return { ok: true, value: schema.decode(buf.subarray(5)), format: schema.kind, schemaId }
    } catch (err) {
      return fail(err)
    }
  }
  const loaded = registry.loadedSchema(schemaId)
  return loaded ? run(loaded) : registry.schema(schemaId).then(run, fail)
}

/**
 * Decodes a record value: Confluent-framed Avro/Protobuf/JSON through the registry, then JSON,
 * then UTF-8 text, else base64. Never throws: what cannot be decoded comes back raw with the reason.
 */
export async function decodeValue(buf: Buffer | null, registry: SchemaRegistry | undefined): Promise<Decoded> {
  if (buf === null) return { value: null, valueFormat: 'null' }
  if (isFramed(buf)) {
    const schemaId = buf.readInt32BE(1)
    // Raw only when it fails: no base64 of every record on the way.
    const raw = (decodeError: string): Decoded => ({
      value: buf.toString('base64'),
      valueFormat: 'binary',
      schemaId,
      decodeError,
    })
    if (!registry) return raw(`Schema Registry framing (schema ${schemaId}) but the profile has no registry`)
    const d = await decodeFramed(buf, registry)
    return d.ok ? { value: d.value, valueFormat: d.format, schemaId } : raw(d.error)
  }
  const text = asText(buf)
  if (text === undefined) return { value: buf.toString('base64'), valueFormat: 'binary', decodeError: 'not UTF-8 text' }
  const first = text.trimStart()[0]
  if (first === '{' || first === '[' || first === '"') {
    try {
      return { value: parseJsonExact(text), valueFormat: 'json' }
    } catch (err) {
      return { value: text, valueFormat: 'text', decodeError: `looks like JSON but is not: ${(err as Error).message}` }
    }
  }
  return { value: text, valueFormat: 'text' }
}

/** Decodes a key: framed keys through the registry like values; otherwise text, else base64 (not an error). */
export async function decodeKey(buf: Buffer | null, registry: SchemaRegistry | undefined): Promise<DecodedKey> {
  if (buf === null) return { text: null, format: 'null' }
  const text = asText(buf)
  if (text !== undefined) return { text, format: 'text' }
  const binary = { text: buf.toString('base64'), format: 'binary' as const }
  if (!isFramed(buf) || !registry) return binary
  const d = await decodeFramed(buf, registry)
  if (!d.ok) return { ...binary, schemaId: d.schemaId, decodeError: d.error }
  let id: string
  try {
    id = typeof d.value === 'string' || typeof d.value === 'number' ? String(d.value) : JSON.stringify(d.value)
  } catch {
    // JSON.stringify recurses: a key nested some thousand levels deep overflows the stack.
    return { ...binary, schemaId: d.schemaId, decodeError: 'decoded, but too deep to show as text' }
  }
  return { text: id, format: d.format, schemaId: d.schemaId }
}

/** What the trace engine and find call on each record: key and value decoded alike. */
export async function decodeRecord(
  r: Pick<RawRecord, 'key' | 'value'>,
  registry: SchemaRegistry | undefined,
): Promise<DecodedRecord> {
  // Sequential: most keys are text and decode without waiting, so no second promise per record.
  const key = r.key === null ? { text: null, format: 'null' as const } : await decodeKey(r.key, registry)
  const value = await decodeValue(r.value, registry)
  const why = value.decodeError ?? (key.decodeError ? `key: ${key.decodeError}` : undefined)
  return { ...value, key, ...(why ? { undecodable: why } : {}) }
}

/** A registry that refused or could not be reached makes the answer unreliable: a warning naming it. */
export function registryFindings(registry: SchemaRegistry | undefined): TraceFinding[] {
  const f = registry?.failure
  if (!f) return []
  return [
    {
      kind: 'registry',
      severity: 'warn',
      message: `${f.message}. Records framed for the registry were left undecoded: events may be missing`,
      events: [],
    },
  ]
}
