import type {
  TraceEvent,
  TraceFinding,
  TraceFlow,
  TraceResult,
  TraceStats,
  TraceUpdate,
  TraceVerdict,
} from '../../shared/contract/trace'
import { compareEvents } from '../../shared/event-order'
import { Coverage } from './coverage'
import { IdSet } from './matcher'
import type { HeldPartition } from './scanner'
import type { DeniedTopic } from './readable-topics'
import {
  cancelledFinding,
  deniedTopicsFinding,
  missingTopicsFinding,
  truncatedFinding,
  uncommittedFinding,
} from './trace-findings'
import { verdictOf } from './verdict'

/** Most events one trace keeps; past it the verdict says the story was cut. */
export const MAX_EVENTS = 20_000

/**
 * What one trace knows: the entity's ids, the events found (each once), what was read, and the
 * partitions held by open transactions. Turns that into the verdict and the result.
 */
export class TraceState {
  readonly ids = new IdSet()
  readonly coverage = new Coverage()
  readonly stats: TraceStats = {
    recordsScanned: 0,
    bytesScanned: 0,
    partitionsRead: 0,
    elapsedMs: 0,
    passes: 0,
    window: { from: null, until: null },
    cancelled: false,
  }
  /** Topics of the map the cluster does not have: skipped, and said so. */
  missingTopics: string[] = []
  deniedTopics: DeniedTopic[] = []
  private readonly events = new Map<string, TraceEvent>()
  private readonly pending: TraceEvent[] = []
  private readonly partitionsRead = new Set<string>()
  /** Partitions whose reading stopped at an open transaction, by "topic/partition". */
  private readonly held = new Map<string, HeldPartition>()
  private readonly started: number
  private truncated = false
  /** Findings about how the records could be read (the registry refusing), asked for at each verdict. */
  readonly readingFindings: Array<() => TraceFinding[]> = []

  constructor(
    readonly entityId: string,
    rootKind: string,
    private readonly flow: TraceFlow | undefined,
    private readonly now: () => number = Date.now,
    private readonly maxEvents = MAX_EVENTS,
  ) {
    this.ids.add(rootKind, entityId)
    this.started = Date.now()
  }

  get size(): number {
    return this.events.size
  }

  has(key: string): boolean {
    return this.events.has(key)
  }

  /** Keeps an event found at `key` ("topic/partition@offset"); false past the cap (the trace is truncated). */
  add(key: string, e: TraceEvent): boolean {
    if (this.events.size >= this.maxEvents) {
      this.truncated = true
      return false
    }
    this.events.set(key, e)
    this.pending.push(e)
    return true
  }

  markRead(topic: string, partition: number): void {
    this.partitionsRead.add(`${topic}/${partition}`)
    this.stats.partitionsRead = this.partitionsRead.size
  }

  /** Records how a partition's read ended: behind an open transaction, or not. */
  setHeld(h: HeldPartition): void {
    if (h.records > 0) this.held.set(`${h.topic}/${h.partition}`, h)
    else this.held.delete(`${h.topic}/${h.partition}`)
  }

  touchElapsed(): void {
    this.stats.elapsedMs = Date.now() - this.started
  }

  firstTimestamp(): number | undefined {
    let min: number | undefined
    for (const e of this.events.values()) if (min === undefined || e.timestamp < min) min = e.timestamp
    return min
  }

  /** Emits the events found since the last flush, in story order. */
  flush(emit: (u: TraceUpdate) => void): void {
    if (this.pending.length === 0) return
    emit({ kind: 'events', events: this.pending.splice(0).sort(compareEvents) })
  }

  sorted(): TraceEvent[] {
    return [...this.events.values()].sort(compareEvents)
  }

  verdict(): TraceVerdict {
    const v = verdictOf(this.sorted(), this.flow, this.now())
    for (const more of this.readingFindings) v.findings.push(...more())
    if (this.missingTopics.length) v.findings.push(missingTopicsFinding(this.missingTopics))
    if (this.deniedTopics.length) v.findings.push(deniedTopicsFinding(this.deniedTopics))
    if (this.truncated) v.findings.push(truncatedFinding(this.maxEvents))
    if (v.status !== 'complete' && this.held.size > 0) v.findings.push(uncommittedFinding([...this.held.values()]))
    return v
  }

  /** The trace's answer; a cancelled one is the verdict on what was read, marked incomplete. */
  result(cancelled: boolean): TraceResult {
    this.touchElapsed()
    this.stats.cancelled = cancelled
    const verdict = this.verdict()
    if (cancelled) verdict.findings.push(cancelledFinding())
    return { entityId: this.entityId, events: this.sorted(), verdict, stats: { ...this.stats } }
  }
}
