import { ApiError } from '../../shared/contract'
import type { TraceMap, TraceTopic } from '../../shared/contract/trace'
import { traceMapSchema } from '../../shared/contract/trace'
import type { PartitionSource } from '../kafka/partition-source'
import type { SchemaRegistry } from './schema-registry'
import { decodeValue } from './value-decoder'

const SAMPLE_PER_PARTITION = 100
/** Envelope fields that recur across topics without naming an entity. */
const NOT_IDS = /^(eventId|causationId|correlationId|traceparent|type|occurredAt|timestamp|version)$/i

interface Column {
  topic: string
  /** "key" or a JSON path. */
  where: string
  values: Set<string>
}

function collect(value: unknown, prefix: string, into: Map<string, Set<string>>, depth = 0): void {
  if (depth > 2 || value === null || typeof value !== 'object' || Array.isArray(value)) return
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (!/^[A-Za-z_$][\w$-]*$/.test(k)) continue
    const path = `${prefix}.${k}`
    if (typeof v === 'string' || typeof v === 'number') {
      if (NOT_IDS.test(k)) continue
      const set = into.get(path) ?? new Set()
      set.add(String(v))
      into.set(path, set)
    } else collect(v, path, into, depth + 1)
  }
}

const nameOf = (where: string) => (where === 'key' ? undefined : where.split('.').pop())

type Evidence = { topic: string; sampled: number; notes: string[] }

/**
 * Proposes a trace map from recent records: fields (and keys) whose values recur across topics
 * are ids of the same entity; the kind found in most topics is the root.
 */
export async function suggestMap(
  reader: PartitionSource,
  registry: SchemaRegistry | undefined,
  topics: string[] | undefined,
  current: TraceMap | undefined,
) {
  const names = topics?.length ? topics : (current?.topics.map((t) => t.topic) ?? [])
  if (names.length === 0) throw new ApiError('INVALID_INPUT', 'Name the topics to sample')
  const columns: Column[] = []
  const evidence: Evidence[] = []
  for (const topic of names) {
    const sample = await sampleTopic(reader, registry, topic)
    columns.push(...sample.columns)
    evidence.push({ topic, sampled: sample.sampled, notes: [] })
  }
  const kinds = kindsOf(columns)
  const kindName = (g: Column[]) => g.map((c) => nameOf(c.where)).find((n) => n !== undefined) ?? 'id'
  const kindOf = (c: Column) => kinds.find((g) => g.includes(c))
  const root = [...kinds].sort((a, b) => new Set(b.map((c) => c.topic)).size - new Set(a.map((c) => c.topic)).size)[0]
  if (!root)
    throw new ApiError(
      'NOT_FOUND',
      `No field recurs across the sampled topics (${names.join(', ')}): nothing to correlate on; name topics that hold records of the same entities`,
    )
  const rootKind = kindName(root)
  const mapTopics: TraceTopic[] = []
  for (const topic of names) {
    const ev = evidence.find((e) => e.topic === topic)!
    const mine = columns.filter((c) => c.topic === topic && kindOf(c))
    const ids = mine
      .filter((c) => kindOf(c) === root || c.where === 'key')
      .map((c) =>
        c.where === 'key'
          ? { from: 'key' as const, kind: kindName(kindOf(c)!) }
          : { from: 'value' as const, path: c.where, kind: rootKind },
      )
    const links = mine
      .filter((c) => c.where !== 'key' && kindOf(c) !== root)
      .map((c) => ({ path: c.where, kind: kindName(kindOf(c)!) }))
    if (ids.length === 0) {
      ev.notes.push('no field of this topic recurs elsewhere: left out')
      continue
    }
    ev.notes.push(...ids.map((l) => `${l.kind} in ${l.from === 'key' ? 'the key' : l.path}`))
    ev.notes.push(...links.map((l) => `links to ${l.kind} through ${l.path}`))
    mapTopics.push({ topic, ids, links })
  }
  const map = traceMapSchema.parse({
    ...(current ?? {}),
    entity: current?.entity ?? rootKind.replace(/Id$/, ''),
    rootKind,
    topics: mapTopics,
  })
  return { map, evidence }
}

/** The newest records of each partition: the key's values and every many-valued field's. */
async function sampleTopic(
  reader: PartitionSource,
  registry: SchemaRegistry | undefined,
  topic: string,
): Promise<{ columns: Column[]; sampled: number }> {
  const parts = await reader.partitions(topic)
  const ends = await reader.offsets(topic, parts, 'latest')
  const starts = await reader.offsets(topic, parts, 'earliest')
  const wanted = parts.map((p) => ({
    topic,
    partition: p,
    offset: Math.max(starts.get(p) ?? 0, (ends.get(p) ?? 0) - SAMPLE_PER_PARTITION),
  }))
  const keys = new Set<string>()
  const fields = new Map<string, Set<string>>()
  let sampled = 0
  for (const b of await reader.fetch(wanted, { partitionMaxBytes: 256 * 1024 })) {
    for (const r of b.records.slice(0, SAMPLE_PER_PARTITION)) {
      sampled++
      if (r.key) keys.add(r.key.toString('utf8'))
      const d = await decodeValue(r.value, registry)
      collect(d.value, '$', fields)
    }
  }
  const columns: Column[] = [{ topic, where: 'key', values: keys }]
  for (const [path, values] of fields) {
    // Ids are many-valued; enums (currency, carrier) are not.
    if (values.size >= Math.max(3, sampled * 0.2)) columns.push({ topic, where: path, values })
  }
  return { columns, sampled }
}

/** Columns that share values belong to one kind (union-find over overlapping columns); a kind spans 2+ topics. */
function kindsOf(columns: Column[]): Column[][] {
  const parent = columns.map((_, i) => i)
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)))
  for (let i = 0; i < columns.length; i++) {
    for (let j = i + 1; j < columns.length; j++) {
      const [a, b] = [columns[i]!, columns[j]!]
      if (a.topic === b.topic && a.where === b.where) continue
      let shared = 0
      for (const v of a.values) if (b.values.has(v) && ++shared >= 2) break
      if (shared >= 2) parent[find(i)] = find(j)
    }
  }
  const groups = new Map<number, Column[]>()
  columns.forEach((c, i) => groups.set(find(i), [...(groups.get(find(i)) ?? []), c]))
  return [...groups.values()].filter((g) => new Set(g.map((c) => c.topic)).size >= 2)
}
