import type { PartitionProgress, TraceTopic, TraceUpdate } from '../../shared/contract/trace'
import type { PartitionSource, RawRecord } from '../kafka/partition-source'
import { asId } from './json-path'
import { IdSet, TopicMatcher } from './matcher'
import type { ProgressBook } from './progress-book'
import { scanRanges, type ScanRange, type ScanTotals } from './scanner'
import type { SchemaRegistry } from './schema-registry'
import type { envelopeReader } from './trace-event'
import type { TraceState } from './trace-state'
import { decodeRecord } from './value-decoder'

/** What a scan pass reads with and writes into; one per trace. */
export interface PassContext {
  source: PartitionSource
  topics: TraceTopic[]
  state: TraceState
  progress: ProgressBook
  toEvent: ReturnType<typeof envelopeReader>
  registry?: SchemaRegistry
  includeAborted: boolean
  signal: AbortSignal
  emit: (u: TraceUpdate) => void
}

/**
 * Reads ranges, keeping the records that belong to the entity. With `only`, matches just those
 * ids (a rescan). Returns the ids found through link fields that were not known before.
 */
export async function scanPass(ctx: PassContext, phase: string, ranges: ScanRange[], only?: IdSet): Promise<IdSet> {
  const { state } = ctx
  const newIds = new IdSet()
  if (ranges.length === 0 || ctx.signal.aborted) return newIds
  state.stats.passes++
  const matchers = new Map(ctx.topics.map((t) => [t.topic, new TopicMatcher(t, state.ids)]))
  const needlesOf = new Map([...matchers].map(([topic, m]) => [topic, m.needles(only)]))
  const allNeedles = [...new Set([...needlesOf.values()].flat().map((b) => b.toString('utf8')))].map((s) =>
    Buffer.from(s, 'utf8'),
  )
  const onRecord = async (r: RawRecord) => {
    const matcher = matchers.get(r.topic)
    const needles = needlesOf.get(r.topic)
    if (!matcher || !needles || !TopicMatcher.candidate(r, needles)) return
    if (r.aborted && !ctx.includeAborted) return
    const decoded = await decodeRecord(r, ctx.registry)
    const matchedBy = matcher.match(r, decoded.value, decoded.key)
    if (!matchedBy) return
    const key = `${r.topic}/${r.partition}@${r.offset}`
    if (state.has(key) || !state.add(key, ctx.toEvent(r, decoded, matchedBy))) return
    for (const link of matcher.links) {
      const id = asId(link.get(decoded.value))
      if (id !== undefined && state.ids.add(link.kind, id)) newIds.add(link.kind, id)
    }
  }
  for (const r of ranges) state.markRead(r.topic, r.partition)
  let last: PartitionProgress[] = []
  const report = progressReporter(ctx, phase)
  await scanRanges(ctx.source, ranges, {
    signal: ctx.signal,
    batchFilter: TopicMatcher.filter(allNeedles),
    onRecord,
    onHeld: (h) => state.setHeld(h),
    onProgress: (p, totals) => {
      last = p
      report(p, totals)
    },
  })
  ctx.progress.merge(last, true)
  if (!ctx.signal.aborted) for (const r of ranges) state.coverage.add(r.topic, r.partition, r.from, r.to)
  return newIds
}

/** Streams the events found so far and the pass's progress, with an estimate of the time left. */
function progressReporter(ctx: PassContext, phase: string) {
  const { state } = ctx
  const base = { records: state.stats.recordsScanned, bytes: state.stats.bytesScanned }
  const t0 = Date.now()
  return (partitions: PartitionProgress[], totals: ScanTotals) => {
    state.stats.recordsScanned = base.records + totals.records
    state.stats.bytesScanned = base.bytes + totals.bytes
    state.touchElapsed()
    const total = partitions.reduce((s, p) => s + (p.to - p.from), 0)
    const done = partitions.reduce((s, p) => s + (p.position - p.from), 0)
    const elapsed = Date.now() - t0
    const etaMs = done > 0 && total > done ? Math.round((elapsed * (total - done)) / done) : done >= total ? 0 : null
    state.flush(ctx.emit)
    ctx.emit({
      kind: 'progress',
      phase,
      partitions: ctx.progress.merge(partitions, false),
      etaMs,
      stats: { ...state.stats },
    })
  }
}
