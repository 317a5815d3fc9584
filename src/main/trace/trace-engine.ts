import type {
  PartitionProgress,
  TraceEvent,
  TraceMap,
  TraceResult,
  TraceStats,
  TraceTopic,
  TraceUpdate,
  TraceVerdict,
  traceInputSchema,
} from '../../shared/contract/trace'
import type { z } from 'zod'
import type { PartitionReader, RawRecord } from '../kafka/partition-reader'
import { Coverage } from './coverage'
import { IdSet, TopicMatcher, topicsOf } from './matcher'
import { defaultPartition } from './murmur2'
import { scanRanges, type HeldPartition, type ScanRange } from './scanner'
import type { SchemaRegistry } from './schema-registry'
import { parseTime } from './time-spec'
import { envelopeReader } from './trace-event'
import { decodeRecord, isFramed, registryFindings } from './value-decoder'
import { asId } from './json-path'
import { compareEvents, verdictOf } from './verdict'

export type ParsedTraceInput = z.output<typeof traceInputSchema>

export interface TraceDeps {
  reader: PartitionReader
  map: TraceMap
  registry?: SchemaRegistry
  now?: () => number
}

/** Margin around a time window: producers stamp records with their own clocks. */
const MARGIN_MS = 60_000
/** How far a window reaches past its first event before it is widened. */
const SPANS_MS = [30 * 60_000, 2 * 3_600_000, 8 * 3_600_000, 24 * 3_600_000]
/** Without an anchor: how far back to look, step by step. */
const LOOKBACK_MS = [3_600_000, 24 * 3_600_000, 7 * 24 * 3_600_000]
const MAX_EVENTS = 20_000
const MAX_LINK_PASSES = 4

interface Window {
  from: number | null
  until: number | null
}

/** One trace: plan, scan, widen, judge. Streams what it finds through `emit`; cancelled by `signal`. */
export class TraceRun {
  private readonly ids = new IdSet()
  private readonly events = new Map<string, TraceEvent>()
  private readonly coverage = new Coverage()
  private readonly pending: TraceEvent[] = []
  private readonly partitionsRead = new Set<string>()
  private readonly topics: TraceTopic[]
  private readonly toEvent: ReturnType<typeof envelopeReader>
  private readonly partitionCounts = new Map<string, number>()
  private readonly keyPartitioned = new Map<string, boolean>()
  private readonly started = Date.now()
  private readonly now: () => number
  private stats: TraceStats
  private truncated = false
  /** Partitions whose reading stopped at an open transaction, by "topic/partition". */
  private readonly held = new Map<string, HeldPartition>()
  /** Progress of finished passes, so that the bars show every partition a trace read. */
  private readonly progressDone = new Map<string, PartitionProgress>()

  constructor(
    private readonly deps: TraceDeps,
    private readonly input: ParsedTraceInput,
    private readonly emit: (u: TraceUpdate) => void,
    private readonly signal: AbortSignal,
  ) {
    this.topics = topicsOf(deps.map, input.topics)
    this.toEvent = envelopeReader(deps.map)
    this.now = deps.now ?? Date.now
    this.ids.add(deps.map.rootKind, input.entityId)
    this.stats = {
      recordsScanned: 0,
      bytesScanned: 0,
      partitionsRead: 0,
      elapsedMs: 0,
      passes: 0,
      window: { from: null, until: null },
      cancelled: false,
    }
  }

  async run(): Promise<TraceResult> {
    for (const t of this.topics) {
      const parts = await this.deps.reader.partitions(t.topic).catch((err: unknown) => {
        throw new Error(`Topic "${t.topic}" of the trace map cannot be read: ${(err as Error).message}`)
      })
      this.partitionCounts.set(t.topic, parts.length)
    }
    let window = await this.initialWindow()
    await this.scanWindow(window)
    if (!this.input.fullScan && this.input.until === undefined) {
      // Widen forward while the story is unfinished and the window ends before now.
      for (const span of [...SPANS_MS, Infinity]) {
        if (this.signal.aborted || window.until === null) break
        const verdict = this.verdict()
        if (verdict.status === 'complete') break
        // Nothing yet after the user's --since: keep walking forward from it; otherwise there is no more.
        if (verdict.status === 'not-found' && (this.input.since === undefined || window.from === null)) break
        const anchor = this.firstTimestamp() ?? window.from ?? this.now()
        const until = span === Infinity || anchor + span >= this.now() ? null : anchor + span
        if (until !== null && until <= window.until) continue
        window = { from: window.from, until }
        await this.scanWindow(window)
      }
      // Nothing found: look further back, step by step, up to the whole log.
      if (this.events.size === 0 && this.input.since === undefined) {
        for (const back of [...LOOKBACK_MS, Infinity]) {
          if (this.signal.aborted || this.events.size > 0 || window.from === null) break
          const from = back === Infinity ? null : this.now() - back
          if (from !== null && from >= window.from) continue
          window = { from, until: null }
          await this.scanWindow(window)
        }
      }
    }
    this.flush()
    const result = this.result()
    this.emit({ kind: 'done', verdict: result.verdict, stats: result.stats })
    if (this.input.follow && !this.signal.aborted) await this.follow()
    return result
  }

  private firstTimestamp(): number | undefined {
    let min: number | undefined
    for (const e of this.events.values()) if (min === undefined || e.timestamp < min) min = e.timestamp
    return min
  }

  /** The window to start from: the user's hint, or the first hit in the partition the root id hashes to. */
  private async initialWindow(): Promise<Window> {
    if (this.input.fullScan) return { from: null, until: null }
    if (this.input.since !== undefined || this.input.until !== undefined) {
      const from = this.input.since !== undefined ? parseTime(this.input.since, this.now()) : null
      let until = this.input.until !== undefined ? parseTime(this.input.until, this.now()) : null
      if (from !== null && until !== null && until < from) throw new Error('--until is before --since')
      // A --since alone starts the story there: read its first span, then widen as the story needs.
      if (from !== null && until === null && from + SPANS_MS[0]! < this.now()) until = from + SPANS_MS[0]!
      return { from, until }
    }
    const anchorTopics = this.topics.filter((t) =>
      t.ids.some((l) => l.from === 'key' && l.kind === this.deps.map.rootKind),
    )
    for (const t of anchorTopics) {
      const parts = await this.prunedPartitions(t)
      if (!parts) continue
      await this.scan('Finding the first event', await this.rangesFor([t], { from: null, until: null }, () => parts))
    }
    const first = this.firstTimestamp()
    if (first !== undefined) {
      return { from: first - MARGIN_MS, until: first + SPANS_MS[0]! }
    }
    return { from: this.now() - LOOKBACK_MS[0]!, until: null }
  }

  /** Partitions a keyed topic's ids hash to, when every id location is the key and the topic uses the default partitioner. */
  private async prunedPartitions(t: TraceTopic): Promise<number[] | undefined> {
    if (this.input.fullScan) return undefined
    if (!t.ids.every((l) => l.from === 'key')) return undefined
    const n = this.partitionCounts.get(t.topic) ?? 1
    if (!(await this.usesDefaultPartitioner(t.topic, n))) return undefined
    const ids = t.ids.flatMap((l) => this.ids.of(l.kind))
    return [...new Set(ids.map((id) => defaultPartition(Buffer.from(id, 'utf8'), n)))]
  }

  /** Checks on a sample of the topic's records that keys sit where murmur2 puts them. */
  private async usesDefaultPartitioner(topic: string, n: number): Promise<boolean> {
    const known = this.keyPartitioned.get(topic)
    if (known !== undefined) return known
    if (n === 1) return true
    const parts = Array.from({ length: n }, (_, i) => i)
    const ends = await this.deps.reader.offsets(topic, parts, 'latest')
    const starts = await this.deps.reader.offsets(topic, parts, 'earliest')
    const sample = parts
      .filter((p) => (ends.get(p) ?? 0) > (starts.get(p) ?? 0))
      .map((p) => ({ topic, partition: p, offset: Math.max(starts.get(p) ?? 0, (ends.get(p) ?? 0) - 20) }))
    let checked = 0
    let wrong = 0
    for (const b of await this.deps.reader.fetch(sample, { partitionMaxBytes: 64 * 1024 })) {
      for (const r of b.records.slice(0, 20)) {
        if (!r.key) continue
        checked++
        // A registry-framed key hashes as its bytes, not as the id's text: no pruning by the id.
        if (defaultPartition(r.key, n) !== r.partition || isFramed(r.key)) wrong++
      }
    }
    const ok = checked > 0 && wrong === 0
    this.keyPartitioned.set(topic, ok)
    return ok
  }

  private rangesFor(
    topics: TraceTopic[],
    w: Window,
    partitionsOf: (t: TraceTopic) => number[] | undefined,
  ): Promise<ScanRange[]> {
    return Promise.all(
      topics.map(async (t) => {
        const all = Array.from({ length: this.partitionCounts.get(t.topic) ?? 0 }, (_, i) => i)
        const parts = partitionsOf(t) ?? all
        const starts = await this.deps.reader.offsets(t.topic, parts, w.from === null ? 'earliest' : w.from)
        const ends = await this.deps.reader.offsets(t.topic, parts, w.until === null ? 'latest' : w.until + MARGIN_MS)
        return parts.map((p) => ({ topic: t.topic, partition: p, from: starts.get(p) ?? 0, to: ends.get(p) ?? 0 }))
      }),
    ).then((r) => r.flat())
  }

  /** Scans a window: what is new in it with every id, then what was read before with any id found since. */
  private async scanWindow(w: Window): Promise<void> {
    this.stats.window = { from: w.from, until: w.until }
    const pruned = new Map<string, number[] | undefined>()
    for (const t of this.topics) pruned.set(t.topic, await this.prunedPartitions(t))
    const ranges = await this.rangesFor(this.topics, w, (t) => pruned.get(t.topic))
    const fresh = ranges.flatMap((r) =>
      this.coverage.missing(r.topic, r.partition, r.from, r.to).map(([from, to]) => ({ ...r, from, to })),
    )
    let found = await this.scan('Scanning the window', fresh)
    for (let pass = 0; pass < MAX_LINK_PASSES && found.size > 0 && !this.signal.aborted; pass++) {
      // Ids found through links may sit in records already read: read those again for the new ids only.
      const again = this.topics.filter((t) => t.ids.some((l) => found.of(l.kind).length > 0))
      const rescan: ScanRange[] = []
      for (const t of again) {
        const parts = await this.prunedPartitions(t)
        const covered = this.coverage
          .all()
          .filter((c) => c.topic === t.topic && (!parts || parts.includes(c.partition)))
        rescan.push(...covered)
        // Keyed topics: partitions only the new ids hash to were never read.
        const unread = parts?.filter((p) => !covered.some((c) => c.partition === p)) ?? []
        if (unread.length) rescan.push(...(await this.rangesFor([t], w, () => unread)))
      }
      found = await this.scan('Following links', rescan, found)
    }
  }

  /**
   * Reads ranges, keeping the records that belong to the entity. With `only`, matches just those
   * ids (a rescan). Returns the ids found through link fields that were not known before.
   */
  private async scan(phase: string, ranges: ScanRange[], only?: IdSet): Promise<IdSet> {
    const newIds = new IdSet()
    if (ranges.length === 0 || this.signal.aborted) return newIds
    this.stats.passes++
    const matchers = new Map(this.topics.map((t) => [t.topic, new TopicMatcher(t, this.ids)]))
    const needlesOf = new Map([...matchers].map(([topic, m]) => [topic, m.needles(only)]))
    const allNeedles = [...new Set([...needlesOf.values()].flat().map((b) => b.toString('utf8')))].map((s) =>
      Buffer.from(s, 'utf8'),
    )
    const base = { records: this.stats.recordsScanned, bytes: this.stats.bytesScanned }
    const t0 = Date.now()
    const onRecord = async (r: RawRecord) => {
      const matcher = matchers.get(r.topic)!
      const needles = needlesOf.get(r.topic)!
      if (!TopicMatcher.candidate(r, needles)) return
      if (r.aborted && !this.input.includeAborted) return
      const decoded = await decodeRecord(r, this.deps.registry)
      const matchedBy = matcher.match(r, decoded.value, decoded.key)
      if (!matchedBy) return
      const key = `${r.topic}/${r.partition}@${r.offset}`
      if (this.events.has(key)) return
      if (this.events.size >= MAX_EVENTS) {
        this.truncated = true
        return
      }
      const e = this.toEvent(r, decoded, matchedBy)
      this.events.set(key, e)
      this.pending.push(e)
      for (const link of matcher.links) {
        const id = asId(link.get(decoded.value))
        if (id !== undefined && this.ids.add(link.kind, id)) newIds.add(link.kind, id)
      }
    }
    const onProgress = (partitions: PartitionProgress[], totals: { records: number; bytes: number }) => {
      this.stats.recordsScanned = base.records + totals.records
      this.stats.bytesScanned = base.bytes + totals.bytes
      this.stats.elapsedMs = Date.now() - this.started
      const total = partitions.reduce((s, p) => s + (p.to - p.from), 0)
      const done = partitions.reduce((s, p) => s + (p.position - p.from), 0)
      const elapsed = Date.now() - t0
      const etaMs = done > 0 && total > done ? Math.round((elapsed * (total - done)) / done) : done >= total ? 0 : null
      this.flush()
      this.emit({
        kind: 'progress',
        phase,
        partitions: this.mergeProgress(partitions, false),
        etaMs,
        stats: { ...this.stats },
      })
    }
    for (const r of ranges) this.partitionsRead.add(`${r.topic}/${r.partition}`)
    this.stats.partitionsRead = this.partitionsRead.size
    let last: PartitionProgress[] = []
    await scanRanges(this.deps.reader, ranges, {
      signal: this.signal,
      batchFilter: TopicMatcher.filter(allNeedles),
      onRecord,
      onHeld: (h) => {
        if (h.records > 0) this.held.set(`${h.topic}/${h.partition}`, h)
        else this.held.delete(`${h.topic}/${h.partition}`)
      },
      onProgress: (p, totals) => {
        last = p
        onProgress(p, totals)
      },
    })
    this.mergeProgress(last, true)
    if (!this.signal.aborted) for (const r of ranges) this.coverage.add(r.topic, r.partition, r.from, r.to)
    return newIds
  }

  /** This pass's partitions added to what earlier passes read; `commit` keeps them for the next pass. */
  private mergeProgress(current: PartitionProgress[], commit: boolean): PartitionProgress[] {
    const merged = new Map(this.progressDone)
    for (const p of current) {
      const key = `${p.topic}/${p.partition}`
      const before = merged.get(key)
      merged.set(
        key,
        before
          ? {
              ...p,
              from: Math.min(before.from, p.from),
              to: Math.max(before.to, p.to),
              position: Math.max(before.position, p.position),
              records: before.records + p.records,
              bytes: before.bytes + p.bytes,
              done: p.done,
            }
          : p,
      )
    }
    if (commit) for (const [k, v] of merged) this.progressDone.set(k, v)
    return [...merged.values()]
  }

  private flush(): void {
    if (this.pending.length === 0) return
    this.emit({ kind: 'events', events: this.pending.splice(0).sort(compareEvents) })
  }

  private sorted(): TraceEvent[] {
    return [...this.events.values()].sort(compareEvents)
  }

  private verdict(): TraceVerdict {
    const v = verdictOf(this.sorted(), this.deps.map.flow, this.now())
    v.findings.push(...registryFindings(this.deps.registry))
    if (this.truncated) {
      v.findings.push({
        kind: 'incomplete-window',
        severity: 'warn',
        message: `More than ${MAX_EVENTS} events match: the rest were not kept`,
        events: [],
      })
    }
    // An unfinished story may go on in records not committed yet (a Flink exactly-once sink
    // commits at each checkpoint; with checkpoints failing, for as long as they fail).
    if (v.status !== 'complete' && this.held.size > 0) {
      const held = [...this.held.values()]
      const total = held.reduce((n, h) => n + h.records, 0)
      const where = held
        .slice(0, 5)
        .map((h) => `${h.topic}/${h.partition} after offset ${h.stableOffset}`)
        .join(', ')
      v.findings.push({
        kind: 'uncommitted',
        severity: 'info',
        message: `${total} record(s) wait behind open transactions (${where}${held.length > 5 ? ', …' : ''}): read_committed shows them once they commit, and the story may continue there`,
        events: [],
      })
    }
    return v
  }

  private result(): TraceResult {
    this.stats.elapsedMs = Date.now() - this.started
    this.stats.cancelled = this.signal.aborted
    const verdict = this.verdict()
    if (this.signal.aborted) {
      verdict.findings.push({
        kind: 'incomplete-window',
        severity: 'warn',
        message: 'Cancelled: the story may be incomplete',
        events: [],
      })
    }
    return { entityId: this.input.entityId, events: this.sorted(), verdict, stats: { ...this.stats } }
  }

  /** Live follow: reads what is appended after the trace, once a second, until cancelled. */
  private async follow(): Promise<void> {
    while (!this.signal.aborted) {
      await new Promise((r) => setTimeout(r, 1000))
      if (this.signal.aborted) return
      const before = this.events.size
      await this.scan('Following', await this.followRanges()).catch(() => undefined)
      this.flush()
      if (this.events.size !== before) this.emit({ kind: 'following', verdict: this.verdict() })
    }
  }

  /** What was appended since the last read of each partition the trace covers. */
  private async followRanges(): Promise<ScanRange[]> {
    const out: ScanRange[] = []
    for (const t of this.topics) {
      const all = Array.from({ length: this.partitionCounts.get(t.topic) ?? 0 }, (_, i) => i)
      const parts = (await this.prunedPartitions(t)) ?? all
      const ends = await this.deps.reader.offsets(t.topic, parts, 'latest')
      for (const p of parts) {
        const from = this.coverage.get(t.topic, p)?.[1] ?? ends.get(p) ?? 0
        out.push({ topic: t.topic, partition: p, from, to: ends.get(p) ?? 0 })
      }
    }
    return out
  }
}
