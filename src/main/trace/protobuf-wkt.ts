import protobuf from 'protobufjs'

type Obj = Record<string, unknown>
const str = (v: unknown): string => (typeof v === 'string' ? v : String(v ?? 0))

/** RFC 3339 in UTC with 0, 3, 6 or 9 fractional digits, as proto3's JSON mapping writes a Timestamp. */
export function timestampIso(seconds: unknown, nanos: unknown): string {
  const ns = Number(nanos ?? 0)
  const d = new Date(Number(str(seconds)) * 1000)
  if (Number.isNaN(d.getTime())) return `${str(seconds)}s`
  const digits = ns === 0 ? 0 : ns % 1_000_000 === 0 ? 3 : ns % 1000 === 0 ? 6 : 9
  const frac = digits ? `.${String(ns).padStart(9, '0').slice(0, digits)}` : ''
  return `${d.toISOString().slice(0, 19)}${frac}Z`
}

function durationText(o: Obj): string {
  const s = BigInt(str(o.seconds))
  const ns = Number(o.nanos ?? 0)
  const neg = s < 0n || ns < 0
  const abs = (s < 0n ? -s : s).toString()
  const frac = ns ? `.${String(Math.abs(ns)).padStart(9, '0').replace(/0+$/, '')}` : ''
  return `${neg ? '-' : ''}${abs}${frac}s`
}

function value(o: Obj | undefined): unknown {
  if (!o) return null
  if ('nullValue' in o) return null
  if ('numberValue' in o) return o.numberValue
  if ('stringValue' in o) return o.stringValue
  if ('boolValue' in o) return o.boolValue
  if ('structValue' in o) return struct(o.structValue as Obj)
  if ('listValue' in o) return list(o.listValue as Obj)
  return null
}
const struct = (o: Obj): Obj =>
  Object.fromEntries(Object.entries((o.fields as Record<string, Obj>) ?? {}).map(([k, v]) => [k, value(v)]))
const list = (o: Obj): unknown[] => ((o.values as Obj[]) ?? []).map(value)

const wrapper = (o: Obj) => o.value
/** Well-known types shown as proto3's JSON mapping shows them. Any keeps its type URL and base64 bytes. */
const WKT: Record<string, (o: Obj) => unknown> = {
  '.google.protobuf.Timestamp': (o) => timestampIso(o.seconds, o.nanos),
  '.google.protobuf.Duration': durationText,
  '.google.protobuf.Struct': struct,
  '.google.protobuf.Value': value,
  '.google.protobuf.ListValue': list,
  '.google.protobuf.Empty': () => ({}),
  ...Object.fromEntries(
    ['Double', 'Float', 'Int64', 'UInt64', 'Int32', 'UInt32', 'Bool', 'String', 'Bytes'].map((n) => [
      `.google.protobuf.${n}Value`,
      wrapper,
    ]),
  ),
}

/**
 * Returns a converter from `toObject` output to plain JSON with well-known types mapped. Types
 * holding none (at any depth) are left untouched, so most messages cost nothing extra.
 */
export function wellKnown(): (type: protobuf.Type, o: Obj) => unknown {
  const holds = new Map<protobuf.Type, boolean>()
  const search = (t: protobuf.Type, seen: Set<protobuf.Type>): boolean => {
    if (t.fullName in WKT) return true
    if (seen.has(t)) return false
    seen.add(t)
    return t.fieldsArray.some((f) => f.resolvedType instanceof protobuf.Type && search(f.resolvedType, seen))
  }
  const needs = (t: protobuf.Type): boolean => {
    let r = holds.get(t)
    if (r === undefined) holds.set(t, (r = search(t, new Set())))
    return r
  }
  const convert = (t: protobuf.Type, o: Obj): unknown => {
    const special = WKT[t.fullName]
    if (special) return special(o)
    if (!needs(t)) return o
    for (const f of t.fieldsArray) {
      const rt = f.resolvedType
      const v = o[f.name]
      if (!(rt instanceof protobuf.Type) || v === undefined || v === null) continue
      if (f.map)
        o[f.name] = Object.fromEntries(Object.entries(v as Record<string, Obj>).map(([k, x]) => [k, convert(rt, x)]))
      else if (f.repeated) o[f.name] = (v as Obj[]).map((x) => convert(rt, x))
      else o[f.name] = convert(rt, v as Obj)
    }
    return o
  }
  return convert
}
