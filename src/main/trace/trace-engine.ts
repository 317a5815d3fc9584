import type { TraceMap, TraceResult, TraceTopic, TraceUpdate, traceInputSchema } from '../../shared/contract/trace'
import type { z } from 'zod'
import type { PartitionSource } from '../kafka/partition-source'
import { topicsOf } from './matcher'
import { PartitionPruner } from './partition-pruning'
import { ProgressBook } from './progress-book'
import { scanPass, type PassContext } from './scan-pass'
import type { ScanRange } from './scanner'
import type { SchemaRegistry } from './schema-registry'
import { envelopeReader } from './trace-event'
import { registryFindings } from './value-decoder'
import { TraceState } from './trace-state'
import { readableTopics } from './readable-topics'
import { sleep } from '../util/sleep'
import {
  BACKWARD_STEPS,
  FORWARD_STEPS,
  MARGIN_MS,
  backwardWindow,
  firstHitWindow,
  forwardWindow,
  hintedWindow,
  wantsForward,
  type Window,
} from './window-plan'

export type ParsedTraceInput = z.output<typeof traceInputSchema>

export interface TraceDeps {
  reader: PartitionSource
  map: TraceMap
  registry?: SchemaRegistry
  now?: () => number
  /** Most events kept (tests lower it). */
  maxEvents?: number
  /** How often live follow reads what was appended. */
  followEveryMs?: number
  /** The console's error for a Kafka failure (the profile's principal and mechanism). */
  explain?: (err: unknown) => unknown
}

const MAX_LINK_PASSES = 4

/** One trace: plan, scan, widen, judge. Streams what it finds through `emit`; cancelled by `signal`. */
export class TraceRun {
  readonly state: TraceState
  private topics: TraceTopic[]
  private readonly now: () => number
  private readonly pruner: PartitionPruner
  private readonly pass: PassContext

  constructor(
    private readonly deps: TraceDeps,
    private readonly input: ParsedTraceInput,
    private readonly emit: (u: TraceUpdate) => void,
    private readonly signal: AbortSignal,
  ) {
    this.topics = topicsOf(deps.map, input.topics)
    this.now = deps.now ?? Date.now
    this.state = new TraceState(input.entityId, deps.map.rootKind, deps.map.flow, this.now, deps.maxEvents)
    this.state.readingFindings.push(() => registryFindings(deps.registry))
    this.pruner = new PartitionPruner(deps.reader, input.fullScan)
    this.pass = {
      source: deps.reader,
      topics: this.topics,
      state: this.state,
      progress: new ProgressBook(),
      toEvent: envelopeReader(deps.map),
      registry: deps.registry,
      includeAborted: input.includeAborted,
      signal,
      emit,
    }
  }

  async run(): Promise<TraceResult> {
    // Checked before any read: a bad hint is the user's error, whatever the cluster holds.
    const hinted = this.input.since !== undefined || this.input.until !== undefined
    const hint = hinted ? hintedWindow(this.input.since, this.input.until, this.now()) : undefined
    // Cancelled at any step: nothing more is read, and the verdict is on what was.
    this.phase('Reading the topics of the trace map')
    if (!this.signal.aborted) await this.skipUnreadableTopics()
    if (!this.signal.aborted) await this.pruner.load(this.topics.map((t) => t.topic))
    if (!this.signal.aborted) await this.scanAndWiden(hint)
    return this.finish()
  }

  /** Says what the trace is doing before a step that reads no records yet (offsets, partitioning). */
  private phase(name: string): void {
    if (this.signal.aborted) return
    this.emit({
      kind: 'progress',
      phase: name,
      partitions: this.pass.progress.merge([], false),
      etaMs: null,
      stats: { ...this.state.stats },
    })
  }

  private async scanAndWiden(hint: Window | undefined): Promise<void> {
    const window = this.input.fullScan ? { from: null, until: null } : (hint ?? (await this.firstHitWindow()))
    await this.scanWindow(window)
    if (!this.input.fullScan && this.input.until === undefined) await this.widen(window)
  }

  /** Emits the verdict; then, when asked to follow and not cancelled, keeps reading what is appended. */
  private async finish(): Promise<TraceResult> {
    this.state.flush(this.emit)
    const result = this.state.result(this.signal.aborted)
    this.emit({ kind: 'done', verdict: result.verdict, stats: result.stats })
    if (this.input.follow && !this.signal.aborted) await this.follow()
    return result
  }

  /** Topics of the map the cluster lacks or refuses are left out (and named in the verdict); the rest is traced. */
  private async skipUnreadableTopics(): Promise<void> {
    const { topics, missing, denied } = await readableTopics(this.deps.reader, this.topics, this.deps.explain)
    this.state.missingTopics = missing
    this.state.deniedTopics = denied
    this.topics = topics
    this.pass.topics = this.topics
  }

  /** Widens forward while the story is unfinished; when nothing was found, looks further back, up to the whole log. */
  private async widen(start: Window): Promise<Window> {
    let window = start
    for (const span of FORWARD_STEPS) {
      if (this.signal.aborted) break
      if (!wantsForward(window, this.state.verdict().status, this.input.since !== undefined)) break
      const anchor = this.state.firstTimestamp() ?? window.from ?? this.now()
      const next = forwardWindow(window, span, anchor, this.now())
      if (!next) continue
      window = next
      await this.scanWindow(window)
    }
    if (this.state.size > 0 || this.input.since !== undefined) return window
    for (const back of BACKWARD_STEPS) {
      if (this.signal.aborted || this.state.size > 0) break
      const next = backwardWindow(window, back, this.now())
      if (!next) continue
      window = next
      await this.scanWindow(window)
    }
    return window
  }

  /** The window to start from: around the first hit in the partitions the root id hashes to. */
  private async firstHitWindow(): Promise<Window> {
    const anchorTopics = this.topics.filter((t) =>
      t.ids.some((l) => l.from === 'key' && l.kind === this.deps.map.rootKind),
    )
    for (const t of anchorTopics) {
      this.phase(`Locating the partition of ${this.input.entityId} in ${t.topic}`)
      const parts = await this.pruner.prune(t, this.state.ids)
      if (!parts) continue
      const ranges = await this.rangesFor([t], { from: null, until: null }, () => parts)
      await scanPass(this.pass, 'Finding the first event', ranges)
    }
    return firstHitWindow(this.state.firstTimestamp(), this.now())
  }

  private async rangesFor(
    topics: TraceTopic[],
    w: Window,
    partitionsOf: (t: TraceTopic) => number[] | undefined,
  ): Promise<ScanRange[]> {
    const { reader } = this.deps
    const perTopic = await Promise.all(
      topics.map(async (t) => {
        const parts = partitionsOf(t) ?? this.pruner.all(t.topic)
        const [starts, ends] = await Promise.all([
          reader.offsets(t.topic, parts, w.from === null ? 'earliest' : w.from),
          reader.offsets(t.topic, parts, w.until === null ? 'latest' : w.until + MARGIN_MS),
        ])
        return parts.map((p) => ({ topic: t.topic, partition: p, from: starts.get(p) ?? 0, to: ends.get(p) ?? 0 }))
      }),
    )
    return perTopic.flat()
  }

  /** Scans a window: what is new in it with every id, then what was read before with any id found since. */
  private async scanWindow(w: Window): Promise<void> {
    if (this.signal.aborted) return
    this.state.stats.window = { from: w.from, until: w.until }
    this.phase('Reading the offsets of the window')
    const pruned = new Map<string, number[] | undefined>()
    const parts = await Promise.all(this.topics.map((t) => this.pruner.prune(t, this.state.ids)))
    this.topics.forEach((t, i) => pruned.set(t.topic, parts[i]))
    const ranges = await this.rangesFor(this.topics, w, (t) => pruned.get(t.topic))
    const { coverage } = this.state
    const fresh = ranges.flatMap((r) =>
      coverage.missing(r.topic, r.partition, r.from, r.to).map(([from, to]) => ({ ...r, from, to })),
    )
    let found = await scanPass(this.pass, 'Scanning the window', fresh)
    for (let pass = 0; pass < MAX_LINK_PASSES && found.size > 0 && !this.signal.aborted; pass++) {
      // Ids found through links may sit in records already read: read those again for the new ids only.
      const again = this.topics.filter((t) => t.ids.some((l) => found.of(l.kind).length > 0))
      const rescan: ScanRange[] = []
      for (const t of again) {
        const parts = await this.pruner.prune(t, this.state.ids)
        const covered = coverage.all().filter((c) => c.topic === t.topic && (!parts || parts.includes(c.partition)))
        rescan.push(...covered)
        // Keyed topics: partitions only the new ids hash to were never read.
        const unread = parts?.filter((p) => !covered.some((c) => c.partition === p)) ?? []
        if (unread.length) rescan.push(...(await this.rangesFor([t], w, () => unread)))
      }
      found = await scanPass(this.pass, 'Following links', rescan, found)
    }
  }

  /** Live follow: reads what is appended after the trace, once a second, until cancelled. */
  private async follow(): Promise<void> {
    while (!this.signal.aborted) {
      await sleep(this.deps.followEveryMs ?? 1000, this.signal)
      if (this.signal.aborted) return
      const before = this.state.size
      await scanPass(this.pass, 'Following', await this.followRanges()).catch(() => undefined)
      this.state.flush(this.emit)
      if (this.state.size !== before) this.emit({ kind: 'following', verdict: this.state.verdict() })
    }
  }

  /** What was appended since the last read of each partition the trace covers. */
  private async followRanges(): Promise<ScanRange[]> {
    const out: ScanRange[] = []
    for (const t of this.topics) {
      const parts = (await this.pruner.prune(t, this.state.ids)) ?? this.pruner.all(t.topic)
      const ends = await this.deps.reader.offsets(t.topic, parts, 'latest')
      for (const p of parts) {
        const from = this.state.coverage.get(t.topic, p)?.[1] ?? ends.get(p) ?? 0
        out.push({ topic: t.topic, partition: p, from, to: ends.get(p) ?? 0 })
      }
    }
    return out
  }
}
