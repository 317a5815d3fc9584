import type { FindResult, TraceMap, findInputSchema } from '../../shared/contract/trace'
import type { z } from 'zod'
import type { PartitionSource, RawRecord } from '../kafka/partition-source'
import { clip, MAX_ID_CHARS } from './event-bounds'
import { asId, compilePath } from './json-path'
import { onTopic } from '../kafka/kafka-errors'
import { locate, topicsOf } from './matcher'
import { scanRanges } from './scanner'
import { readableTopics } from './readable-topics'
import type { SchemaRegistry } from './schema-registry'
import { parseDuration } from './time-spec'
import { decodeRecord } from './value-decoder'

type Hit = FindResult['hits'][number]

/** Recent records matching a type, a field value or a piece of text, with the entity id of each. */
export async function findRecords(
  deps: { reader: PartitionSource; map: TraceMap; registry?: SchemaRegistry; explain?: (err: unknown) => unknown },
  input: z.output<typeof findInputSchema>,
  signal: AbortSignal,
): Promise<FindResult> {
  const { reader, map } = deps
  const started = Date.now()
  // Topics the cluster lacks or refuses are reported and skipped, not a failure of the whole search.
  const {
    topics,
    missing: missingTopics,
    denied: deniedTopics,
  } = await readableTopics(reader, topicsOf(map, input.topics), deps.explain)
  const since = Date.now() - parseDuration(input.last)
  const typeOf = compilePath(map.typePath)
  const field = input.field ? { get: compilePath(input.field.path), equals: input.field.equals } : undefined
  const needles = [input.type, input.text, input.field?.equals]
    .filter((s): s is string => !!s)
    .map((s) => Buffer.from(s))
  const hits: Hit[] = []
  let truncated = false
  let undecodable = 0
  const ranges = (
    await Promise.all(
      topics.map(async (t) => {
        const { parts, from, to } = await (async () => {
          const parts = await reader.partitions(t.topic)
          return {
            parts,
            from: await reader.offsets(t.topic, parts, since),
            to: await reader.offsets(t.topic, parts, 'latest'),
          }
        })().catch(onTopic(t.topic))
        return parts.map((p) => ({ topic: t.topic, partition: p, from: from.get(p) ?? 0, to: to.get(p) ?? 0 }))
      }),
    )
  ).flat()
  const onRecord = async (r: RawRecord) => {
    if (r.aborted) return
    if (needles.length && !needles.every((n) => (r.value?.indexOf(n) ?? -1) >= 0 || (r.key?.indexOf(n) ?? -1) >= 0))
      return
    const d = await decodeRecord(r, deps.registry)
    if (d.undecodable) undecodable++
    if (input.type && asId(typeOf(d.value)) !== input.type) return
    if (field && asId(field.get(d.value)) !== field.equals) return
    const t = topics.find((x) => x.topic === r.topic)!
    const root = t.ids.find((l) => l.kind === map.rootKind) ?? t.ids[0]!
    // Matched on the whole ids; shown cut, like a trace event's (a hostile record's key may be megabytes).
    const entityId = locate(root, r, d.value, d.key)
    const type = asId(typeOf(d.value))
    hits.push({
      entityId: entityId === undefined ? null : clip(entityId, MAX_ID_CHARS),
      type: type === undefined ? undefined : clip(type, MAX_ID_CHARS),
      topic: r.topic,
      partition: r.partition,
      offset: r.offset,
      timestamp: r.timestamp,
    })
    // Keep the newest `limit` hits: memory stays bounded however many records match.
    if (hits.length > input.limit * 2) {
      hits.sort((a, b) => b.timestamp - a.timestamp)
      hits.length = input.limit
      truncated = true
    }
  }
  const totals = await scanRanges(reader, ranges, {
    signal,
    batchFilter: needles.length ? (area) => needles.every((n) => area.indexOf(n) >= 0) : undefined,
    onRecord,
  })
  hits.sort((a, b) => b.timestamp - a.timestamp)
  if (hits.length > input.limit) {
    hits.length = input.limit
    truncated = true
  }
  const registryError = deps.registry?.failure?.message
  return {
    hits,
    recordsScanned: totals.records,
    undecodable,
    ...(registryError ? { registryError } : {}),
    truncated,
    missingTopics,
    deniedTopics,
    // The scan ends early only when the signal stops it: what was read is still an answer.
    ...(signal.aborted ? { stoppedAfterMs: Date.now() - started } : {}),
  }
}
