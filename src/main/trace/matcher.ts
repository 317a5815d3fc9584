import { ApiError } from '../../shared/contract/errors'
import type { IdLocation, TraceMap, TraceTopic } from '../../shared/contract/trace'
import type { RawRecord } from '../kafka/partition-reader'
import { asId, compilePath } from './json-path'

/** The ids of one entity, by kind (orderId, paymentId, …). */
export class IdSet {
  private readonly byKind = new Map<string, Set<string>>()
  add(kind: string, id: string): boolean {
    let set = this.byKind.get(kind)
    if (!set) this.byKind.set(kind, (set = new Set()))
    if (set.has(id)) return false
    set.add(id)
    return true
  }
  has(kind: string, id: string): boolean {
    return this.byKind.get(kind)?.has(id) ?? false
  }
  of(kind: string): string[] {
    return [...(this.byKind.get(kind) ?? [])]
  }
  get size(): number {
    let n = 0
    for (const s of this.byKind.values()) n += s.size
    return n
  }
  kinds(): string[] {
    return [...this.byKind.keys()]
  }
  toJSON(): Record<string, string[]> {
    return Object.fromEntries([...this.byKind].map(([k, v]) => [k, [...v]]))
  }
}

function headerText(r: RawRecord, name: string): string | undefined {
  for (const [k, v] of r.headers) if (k === name && v) return v.toString('utf8')
  return undefined
}

/**
 * Which ids of a topic's record, located as the map says; `value` is the decoded value, `key` the
 * decoded key's text when the key went through the registry (else the raw key is read as UTF-8).
 */
export function locate(
  loc: IdLocation,
  r: RawRecord,
  value: unknown,
  key?: { text: string | null },
): string | undefined {
  if (loc.from === 'key') return key ? (key.text ?? undefined) : r.key ? r.key.toString('utf8') : undefined
  if (loc.from === 'header') return headerText(r, loc.name)
  return asId(compilePath(loc.path)(value))
}

/**
 * Decides, for one topic, whether a batch may hold the entity (a byte search for its ids) and
 * whether a record belongs to it. The byte search is what makes a scan fast: most batches hold
 * none of the ids and are skipped without decoding.
 */
export class TopicMatcher {
  private readonly paths: Map<IdLocation, (v: unknown) => unknown>
  readonly links: { kind: string; get: (v: unknown) => unknown }[]

  constructor(
    readonly topic: TraceTopic,
    private readonly ids: IdSet,
  ) {
    this.paths = new Map(topic.ids.flatMap((l) => (l.from === 'value' ? [[l, compilePath(l.path)] as const] : [])))
    this.links = topic.links.map((l) => ({ kind: l.kind, get: compilePath(l.path) }))
  }

  /** The ids (as bytes) a record of this topic could carry; `only` restricts them to newly found ones. */
  needles(only?: IdSet): Buffer[] {
    const source = only ?? this.ids
    const kinds = new Set(this.topic.ids.map((l) => l.kind))
    return [...kinds].flatMap((k) => source.of(k).map((id) => Buffer.from(id, 'utf8')))
  }

  static filter(needles: Buffer[]): (area: Buffer) => boolean {
    return (area) => needles.some((n) => area.indexOf(n) >= 0)
  }

  /** Whether the record's raw bytes hold a needle: worth decoding. */
  static candidate(r: RawRecord, needles: Buffer[]): boolean {
    for (const n of needles) {
      if (r.key && r.key.indexOf(n) >= 0) return true
      if (r.value && r.value.indexOf(n) >= 0) return true
      for (const [, v] of r.headers) if (v && v.indexOf(n) >= 0) return true
    }
    return false
  }

  /** `kind=id via location` when the decoded record belongs to the entity. */
  match(r: RawRecord, value: unknown, key?: { text: string | null }): string | undefined {
    for (const loc of this.topic.ids) {
      const id =
        loc.from === 'value'
          ? asId(this.paths.get(loc)!(value))
          : loc.from === 'key' || loc.from === 'header'
            ? locate(loc, r, value, key)
            : undefined
      if (id !== undefined && this.ids.has(loc.kind, id)) {
        return `${loc.kind}=${id} (${loc.from === 'key' ? 'key' : loc.from === 'header' ? `header ${loc.name}` : loc.path})`
      }
    }
    return undefined
  }
}

/** Map topics, restricted to the ones asked for; an unknown name is an error, not a silent skip. */
export function topicsOf(map: TraceMap, only: string[] | undefined): TraceTopic[] {
  if (!only?.length) return map.topics
  const unknown = only.filter((t) => !map.topics.some((m) => m.topic === t))
  if (unknown.length) throw new ApiError('INVALID_INPUT', `Not in the trace map: ${unknown.join(', ')}`)
  return map.topics.filter((m) => only.includes(m.topic))
}
