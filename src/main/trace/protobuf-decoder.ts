import protobuf from 'protobufjs'
import type { ReferencedSchema, RegisteredSchema } from './schema-registry'
import { wellKnown } from './protobuf-wkt'

const parseOptions = { keepCase: true }
/** proto3 JSON conventions: int64 as exact strings, enums by name, bytes base64, defaults shown. */
const objectOptions: protobuf.IConversionOptions = { longs: String, enums: String, bytes: String, defaults: true }

/** Adds the well-known types a file imports (protobufjs ships them) to `root`. */
function addImports(root: protobuf.Root, imports: string[] | undefined, added: Set<string>): void {
  for (const name of imports ?? []) {
    const json = (protobuf.common as unknown as Record<string, protobuf.INamespace | undefined>)[name]
    if (!json || added.has(name)) continue
    added.add(name)
    root.addJSON(json.nested ?? {})
  }
}

/** The message types declared at a file's top level, in order: what message indexes count. */
function topMessages(text: string): string[] {
  const parsed = protobuf.parse(text, new protobuf.Root(), parseOptions)
  const ns = parsed.package ? parsed.root.lookup(parsed.package) : parsed.root
  if (!(ns instanceof protobuf.Namespace)) return []
  const prefix = parsed.package ? `${parsed.package}.` : ''
  return ns.nestedArray.filter((n) => n instanceof protobuf.Type).map((n) => prefix + n.name)
}

/** Confluent's message indexes: a zigzag-varint count then that many indexes; count 0 means [0]. */
function messageIndexes(reader: protobuf.Reader): number[] {
  const count = reader.sint32()
  if (count < 0 || count > 64) throw new Error(`bad message index count ${count}`)
  return count === 0 ? [0] : Array.from({ length: count }, () => reader.sint32())
}

/** A Protobuf schema with the schemas it references, decoding Confluent-framed payloads. */
export function protobufSchema(text: string, refs: ReferencedSchema[]): RegisteredSchema {
  const root = new protobuf.Root()
  const added = new Set<string>()
  for (const r of refs) addImports(root, protobuf.parse(r.schema, root, parseOptions).imports, added)
  addImports(root, protobuf.parse(text, root, parseOptions).imports, added)
  root.resolveAll()
  const tops = topMessages(text).map((name) => root.lookupType(name))
  const plain = wellKnown()
  return {
    kind: 'protobuf',
    decode(payload) {
      const reader = protobuf.Reader.create(payload)
      const path = messageIndexes(reader)
      let type: protobuf.Type | undefined = tops[path[0]!]
      for (const i of path.slice(1)) type = type?.nestedArray.filter((n) => n instanceof protobuf.Type)[i]
      if (!type) throw new Error(`no message at index ${path.join('.')}`)
      return plain(type, type.toObject(type.decode(reader), objectOptions))
    },
  }
}
