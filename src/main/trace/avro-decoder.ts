import avro from 'avsc'
import type { ReferencedSchema, RegisteredSchema } from './schema-registry'

const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER)
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER)

/** A long as a number where that is exact, else as its decimal string (avsc's default throws instead). */
export function exactLong(n: bigint): number | string {
  return n >= MIN_SAFE && n <= MAX_SAFE ? Number(n) : n.toString()
}

const longType = avro.types.LongType.__with({
  fromBuffer: (b: Buffer) => exactLong(b.readBigInt64LE(0)),
  toBuffer: (v: number | string | bigint) => {
    const b = Buffer.alloc(8)
    b.writeBigInt64LE(BigInt(v))
    return b
  },
  fromJSON: (v: unknown) => v,
  toJSON: (v: unknown) => v,
  isValid: (v: unknown) =>
    (typeof v === 'number' && Number.isInteger(v)) ||
    typeof v === 'bigint' ||
    (typeof v === 'string' && /^-?\d+$/.test(v)),
  compare: (a: number | string, b: number | string) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0),
})

/** A two's-complement big-endian integer, as Avro's decimal stores its unscaled value. */
function unscaled(buf: Buffer): bigint {
  let n = 0n
  for (const b of buf) n = (n << 8n) | BigInt(b)
  return buf.length > 0 && buf[0]! & 0x80 ? n - (1n << BigInt(buf.length * 8)) : n
}

export function decimalString(n: bigint, scale: number): string {
  const neg = n < 0n
  let s = (neg ? -n : n).toString()
  if (scale > 0) {
    s = s.padStart(scale + 1, '0')
    s = `${s.slice(0, -scale)}.${s.slice(-scale)}`
  }
  return neg ? `-${s}` : s
}

/** Only decoding is needed: `_toValue` passes values through for avsc's checks. */
abstract class ReadOnlyLogical extends avro.types.LogicalType {
  protected override _toValue(v: unknown): unknown {
    return v
  }
  protected override _resolve(type: avro.Type): unknown {
    return type.typeName === this.underlyingType.typeName ? (v: unknown) => this._fromValue(v) : undefined
  }
}

class DecimalType extends ReadOnlyLogical {
  private readonly scale: number
  constructor(schema: avro.Schema, opts?: unknown) {
    super(schema, opts)
    this.scale = (schema as { scale?: number }).scale ?? 0
  }
  protected override _fromValue(v: Buffer): string {
    return decimalString(unscaled(v), this.scale)
  }
}

/** ISO-8601 from a count of units (`perMs` to the millisecond) since the epoch; out of Date's range, the count. */
function isoOf(v: number | string, perMs: number, digits: number, zone = 'Z'): string {
  if (typeof v !== 'number') return String(v) // beyond 2^53 units: no Date holds it
  const ms = Math.floor(v / perMs)
  const d = new Date(ms)
  if (Number.isNaN(d.getTime())) return String(v)
  const base = d.toISOString().slice(0, -1)
  return `${base}${digits > 3 ? String(v - ms * perMs).padStart(digits - 3, '0') : ''}${zone}`
}

const timeTypes = (perMs: number, digits: number, zone: string) =>
  class extends ReadOnlyLogical {
    protected override _fromValue(v: number | string): string {
      return isoOf(v, perMs, digits, zone)
    }
  }

class DateType extends ReadOnlyLogical {
  protected override _fromValue(days: number): string {
    return new Date(days * 86_400_000).toISOString().slice(0, 10)
  }
}

/** Time of day: `time-millis` (int) and `time-micros` (long) as HH:MM:SS.fff(fff). */
const timeOfDay = (perMs: number, digits: number) =>
  class extends ReadOnlyLogical {
    protected override _fromValue(v: number | string): string {
      return isoOf(v, perMs, digits, '').slice(11)
    }
  }

/** Plain bytes and fixed as base64, like protobuf bytes: a Buffer would serialise as {"type":"Buffer",…}. */
class Base64Type extends ReadOnlyLogical {
  protected override _fromValue(v: Buffer): string {
    return v.toString('base64')
  }
}

const logicalTypes = {
  decimal: DecimalType,
  'timestamp-millis': timeTypes(1, 3, 'Z'),
  'timestamp-micros': timeTypes(1000, 6, 'Z'),
  'local-timestamp-millis': timeTypes(1, 3, ''),
  'local-timestamp-micros': timeTypes(1000, 6, ''),
  date: DateType,
  'time-millis': timeOfDay(1, 3),
  'time-micros': timeOfDay(1000, 6),
  'keytrail-base64': Base64Type,
}

/** Plain bytes and fixed (no logical type Keytrail reads) wrapped to come out as base64; longs exact if asked. */
const typeHook =
  (exact: boolean) =>
  (schema: avro.Schema, opts: avro.ForSchemaOptions): avro.Type | undefined => {
    const s = schema as string | { type?: unknown; logicalType?: unknown }
    const long = s === 'long' || (typeof s === 'object' && s.type === 'long' && s.logicalType === undefined)
    if (long) return exact ? longType : undefined
    if (s === 'bytes')
      return avro.Type.forSchema({ type: 'bytes', logicalType: 'keytrail-base64' } as avro.Schema, opts)
    if (typeof s !== 'object' || (s.type !== 'bytes' && s.type !== 'fixed')) return undefined
    if (typeof s.logicalType === 'string' && s.logicalType in logicalTypes) return undefined
    return avro.Type.forSchema({ ...s, logicalType: 'keytrail-base64' } as avro.Schema, opts)
  }

function compile(text: string, refs: ReferencedSchema[], exact: boolean): avro.Type {
  const opts: Partial<avro.ForSchemaOptions> = { logicalTypes, typeHook: typeHook(exact), wrapUnions: false }
  for (const r of refs) avro.Type.forSchema(JSON.parse(r.schema) as avro.Schema, opts)
  return avro.Type.forSchema(JSON.parse(text) as avro.Schema, opts)
}

/**
 * An Avro writer schema, its referenced named types first, decoding to JSON-ready values. avsc's
 * own longs are fast but refuse values beyond 2^53; only a record holding one is decoded again
 * with exact (slower) longs.
 */
export function avroSchema(text: string, refs: ReferencedSchema[]): RegisteredSchema {
  const fast = compile(text, refs, false)
  let exact: avro.Type | undefined
  return {
    kind: 'avro',
    decode(p) {
      try {
        return fast.fromBuffer(p) as unknown
      } catch (err) {
        if (!/precision loss/.test((err as Error).message)) throw err
        exact ??= compile(text, refs, true)
        return exact.fromBuffer(p) as unknown
      }
    },
  }
}
