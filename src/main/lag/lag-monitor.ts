import type { AlertRule, GroupDetail, GroupSummary, LagSnapshot } from '../../shared/contract/lag'
import type { Admin } from 'kafkajs'
import type { PartitionReader } from '../kafka/partition-reader'
import { AlertRuleStore } from './alert-rules'
import { CommitWindow } from './burrow'
import type { FlinkJobLink } from './flink-link'
import { summarizeGroup, type PartitionSample } from './group-summary'
import { LagHistory, type StoredSample } from './lag-history'
import { readGroups, recordTimestamps, tp, type ClusterRead, type GroupRead } from './lag-reader'
import { EndOffsetTable, lagSeconds } from './time-lag'
import { withDeadline } from '../util/deadline'
import { diskError } from '../util/disk-error'

export interface MonitorSources {
  /** Runs fn with a connected admin client and partition reader of the profile. */
  withKafka<T>(fn: (admin: Admin, reader: PartitionReader) => Promise<T>): Promise<T>
  /** Flink jobs that own the given groups; empty when the profile has no Flink. Stops asking once `signal` aborts. */
  flink(groups: { group: string; topics: string[] }[], signal: AbortSignal): Promise<Map<string, FlinkJobLink>>
}

export interface MonitorOptions {
  intervalMs?: number
  /** Partitions per sample whose time lag is read exactly; the rest are estimated. */
  exactBudget?: number
  history: LagHistory
  alertsFile: string
  /** How long a sample waits for Flink to name the jobs behind its groups (FLINK_PART_MS). */
  flinkPartMs?: number
}

interface RateRow {
  t: number
  end: number
  committed: number
}

/** What the monitor remembers of one group on one partition between samples. */
interface PartitionState {
  window: CommitWindow
  rates: RateRow[]
}

type ExactTimes = Map<string, { offset: number; timestamp: number | null }>

// Plain comparisons: localeCompare with options builds a collator per call (5 s a minute at 40k partitions).
/** How long a lag sample waits for Flink to name the job behind a group. */
const FLINK_PART_MS = 3_000
/** How old the last links may be to stand in for a sample's own. */
const FLINK_LINK_REUSE_MS = 60_000

const byTopicPartition = (a: { topic: string; partition: number }, b: { topic: string; partition: number }) =>
  a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition

/** Entries by topic and partition; the broker mostly answers in that order already, so sort only when not. */
function inOrder<V extends { topic: string; partition: number }>(m: Map<string, V>): Iterable<[string, V]> {
  let prev: V | undefined
  for (const v of m.values()) {
    if (prev && byTopicPartition(prev, v) > 0) return [...m].sort(([, a], [, b]) => byTopicPartition(a, b))
    prev = v
  }
  return m
}

/**
 * Samples every consumer group of one profile: lag in messages and seconds, rates, Burrow
 * verdicts (Flink-aware), alerts; keeps the windows in memory and the samples on disk.
 */
export class LagMonitor {
  readonly intervalMs: number
  private readonly exactBudget: number
  private readonly states = new Map<string, Map<string, PartitionState>>()
  private readonly tables = new Map<string, EndOffsetTable>()
  /** Record timestamps at committed offsets: a record's timestamp never changes, so one read serves until the offset moves. */
  private exactCache = new Map<string, { offset: number; timestamp: number | null }>()
  private readonly storedAt = new Map<string, number>()
  private details = new Map<string, GroupDetail>()
  private readonly alertStore: AlertRuleStore
  private restored = false
  private running?: Promise<LagSnapshot>
  /** Each group's last Flink link and when Flink gave it (kept per group: a one-group sample refreshes only its own). */
  private readonly lastFlink = new Map<string, { link: FlinkJobLink; at: number }>()
  latest: LagSnapshot | undefined

  constructor(
    private readonly sources: MonitorSources,
    private readonly opts: MonitorOptions,
  ) {
    this.intervalMs = opts.intervalMs ?? 10_000
    this.exactBudget = opts.exactBudget ?? 1000
    this.alertStore = new AlertRuleStore(opts.alertsFile)
  }

  get history(): LagHistory {
    return this.opts.history
  }

  detail(group: string): GroupDetail | undefined {
    return this.details.get(group)
  }

  alertRules(): Promise<Record<string, AlertRule>> {
    return this.alertStore.all()
  }

  setRules(group: string, rule: AlertRule | null): Promise<void> {
    return this.alertStore.set(group, rule)
  }

  /** Seeds the windows and tables from the last stored samples, so verdicts survive a restart. */
  private async restore(groups: string[]): Promise<void> {
    this.restored = true
    const since = Date.now() - 30 * 60_000
    for (const g of groups) {
      for (const s of await this.opts.history.read(g, since)) {
        for (const [key, [committed, end]] of Object.entries(s.parts ?? {})) {
          this.table(key).add(end, s.t)
          this.state(g, key).window.observe({ t: s.t, offset: committed, lag: Math.max(0, end - committed) })
        }
      }
    }
  }

  private table(key: string): EndOffsetTable {
    let t = this.tables.get(key)
    if (!t) this.tables.set(key, (t = new EndOffsetTable()))
    return t
  }

  private state(group: string, key: string): PartitionState {
    let byKey = this.states.get(group)
    if (!byKey) this.states.set(group, (byKey = new Map()))
    let st = byKey.get(key)
    if (!st) byKey.set(key, (st = { window: new CommitWindow(), rates: [] }))
    return st
  }

  private rate(rows: RateRow[], row: RateRow): { produce: number | null; consume: number | null } {
    // A sample right after another (a detail view asking) replaces it: rates need time between rows.
    const prev = rows[rows.length - 1]
    if (prev && row.t - prev.t < this.intervalMs / 2 && rows.length > 1) rows[rows.length - 1] = row
    else if (!prev || row.t - prev.t >= this.intervalMs / 2) rows.push(row)
    // About a minute of rows: Flink commits in steps, one interval alone says little.
    while (rows.length > 2 && row.t - rows[0]!.t > 60_000) rows.shift()
    const first = rows[0]!
    const dt = (row.t - first.t) / 1000
    if (dt <= 0) return { produce: null, consume: null }
    return { produce: (row.end - first.end) / dt, consume: (row.committed - first.committed) / dt }
  }

  /** One sample of every group (or the named ones): the snapshot pushed to watchers. */
  sample(only?: string[]): Promise<LagSnapshot> {
    if (only) return this.take(only)
    // A page asking while the background sample runs shares it: one read, one history row.
    return (this.running ??= this.take().finally(() => {
      this.running = undefined
    }))
  }

  private async take(only?: string[]): Promise<LagSnapshot> {
    const { read, exact } = await this.sources.withKafka(async (admin, reader) => {
      const read = await readGroups(admin, only)
      if (!this.restored) await this.restore(read.groups.map((g) => g.group))
      return { read, exact: await this.exactTimes(read, reader, only !== undefined) }
    })
    // Flink only explains a verdict; a silent JobManager must not hold Kafka's figures.
    // Past the deadline the requests still out are cancelled: a slow JobManager gets no more of them.
    const late = new AbortController()
    const flink = await withDeadline(
      'Flink',
      this.opts.flinkPartMs ?? FLINK_PART_MS,
      this.sources.flink(
        read.groups.map((g) => ({
          group: g.group,
          topics: [...new Set([...g.committed.values()].map((c) => c.topic))],
        })),
        late.signal,
      ),
      () => late.abort(),
    )
      .then((links) => {
        const at = Date.now()
        if (!only) for (const group of this.lastFlink.keys()) if (!links.has(group)) this.lastFlink.delete(group)
        for (const g of read.groups) {
          const link = links.get(g.group)
          if (link) this.lastFlink.set(g.group, { link, at })
          else this.lastFlink.delete(g.group)
        }
        return links
      })
      // A slow or failing JobManager: the links of a recent sample (a job does not change its
      // checkpoint interval between samples) rather than none, which would judge a Flink group by
      // a plain consumer's rules for one sample.
      .catch(() => {
        const recent = new Map<string, FlinkJobLink>()
        for (const g of read.groups) {
          const last = this.lastFlink.get(g.group)
          if (last && Date.now() - last.at < FLINK_LINK_REUSE_MS) recent.set(g.group, last.link)
        }
        return recent
      })
    const rules = await this.alertStore.all()
    const now = read.at
    const stored = new Map<string, StoredSample>()
    const details = new Map<string, GroupDetail>()
    for (const [key, end] of read.ends) this.table(key).add(end, now)

    for (const g of read.groups) {
      const link = flink.get(g.group) ?? null
      const samples = this.observeGroup(g, read.ends, exact, now)
      const figures = summarizeGroup(g, samples, { now, sampleIntervalMs: this.intervalMs, link })
      const rule = rules[g.group] ?? null
      const { maxLagSeconds, verdict } = figures.summary
      const alerts = this.alertStore.firing(g.group, rule, maxLagSeconds, verdict.status, now)
      const summary: GroupSummary = { ...figures.summary, alerts }
      details.set(g.group, {
        summary,
        partitions: figures.partitions,
        flink: link?.lag ?? null,
        rules: rule,
        sampledAt: now,
      })
      stored.set(g.group, figures.sample)
    }
    this.keep(details, read, only !== undefined)
    // The figures stand without their history row: a full or read-only disk loses only the row.
    const unsaved = await this.opts.history.append(this.onePerInterval(stored)).then(
      () => null,
      (err: unknown) => diskError('write', 'lag history', err).message,
    )
    const snapshot: LagSnapshot = {
      sampledAt: now,
      intervalMs: this.intervalMs,
      groups: [...details.values()].map((d) => d.summary).sort((a, b) => a.group.localeCompare(b.group)),
      historyUnsaved: unsaved,
    }
    if (!only) this.latest = snapshot
    return snapshot
  }

  /** Feeds one sample of a group's partitions to their windows, rates and time-lag tables. */
  private observeGroup(g: GroupRead, ends: Map<string, number>, exact: ExactTimes, now: number): PartitionSample[] {
    const out: PartitionSample[] = []
    for (const [key, c] of inOrder(g.committed)) {
      const end = ends.get(key)
      if (end === undefined) continue
      const lag = Math.max(0, end - c.offset)
      const st = this.state(g.group, key)
      // Samples a view asks for in between are not kept: the rules reason in sampling intervals.
      st.window.observe({ t: now, offset: c.offset, lag }, this.intervalMs / 2)
      const r = this.rate(st.rates, { t: now, end, committed: c.offset })
      out.push({
        key,
        topic: c.topic,
        partition: c.partition,
        committedOffset: c.offset,
        logEndOffset: end,
        window: st.window,
        ...this.timeLag(key, c.offset, lag, exact, now),
        produceRate: r.produce,
        consumeRate: r.consume,
      })
    }
    return out
  }

  /** Seconds behind: exact from the committed record's timestamp when read, else estimated. */
  private timeLag(key: string, offset: number, lag: number, exact: ExactTimes, now: number) {
    if (lag === 0) return { lagSeconds: 0, lagSecondsKind: 'exact' as const }
    const at = exact.get(key)
    if (at !== undefined && at.offset === offset)
      return { lagSeconds: at.timestamp === null ? 0 : lagSeconds(now, at.timestamp), lagSecondsKind: 'exact' as const }
    const secs = lagSeconds(now, this.table(key).producedAt(offset))
    return { lagSeconds: secs, lagSecondsKind: secs === null ? null : ('estimated' as const) }
  }

  /** A full sample replaces what the monitor knows; a partial one (named groups) adds to it. */
  private keep(details: Map<string, GroupDetail>, read: ClusterRead, partial: boolean): void {
    if (partial) {
      for (const [g, d] of details) this.details.set(g, d)
      return
    }
    this.details = details
    // Forget deleted groups and topics, so that memory follows the cluster as it is.
    const live = new Set(read.groups.map((g) => g.group))
    for (const g of this.states.keys()) if (!live.has(g)) this.states.delete(g)
    for (const k of this.tables.keys()) if (!read.ends.has(k)) this.tables.delete(k)
  }

  /** History keeps one sample per interval: extra samples (a detail view asking) are not stored. */
  private onePerInterval(stored: Map<string, StoredSample>): Map<string, StoredSample> {
    for (const [g, sample] of stored) {
      if (sample.t - (this.storedAt.get(g) ?? 0) < this.intervalMs / 2) stored.delete(g)
      else this.storedAt.set(g, sample.t)
    }
    return stored
  }

  /**
   * Exact record timestamps at the committed offsets of lagging partitions: cached ones for
   * offsets that have not moved, fresh reads for the rest within the budget (worst first).
   */
  private async exactTimes(read: ClusterRead, reader: PartitionReader, partial: boolean): Promise<ExactTimes> {
    const wanted = new Map<string, { topic: string; partition: number; offset: number; lag: number }>()
    for (const g of read.groups) {
      for (const [key, c] of g.committed) {
        const end = read.ends.get(key)
        if (end === undefined || end <= c.offset) continue
        // One fetch per partition: several groups on it share the oldest offset's read; the others are estimated.
        const prev = wanted.get(key)
        if (!prev || c.offset < prev.offset)
          wanted.set(key, { topic: c.topic, partition: c.partition, offset: c.offset, lag: end - c.offset })
      }
    }
    const out = new Map<string, { offset: number; timestamp: number | null }>()
    const toRead: { topic: string; partition: number; offset: number; lag: number }[] = []
    for (const [key, w] of wanted) {
      const cached = this.exactCache.get(key)
      if (cached && cached.offset === w.offset) out.set(key, cached)
      else toRead.push(w)
    }
    const list = toRead.sort((a, b) => b.lag - a.lag).slice(0, this.exactBudget)
    const times = await recordTimestamps(reader, list).catch(() => new Map<string, number | null>())
    for (const w of list) {
      const key = tp(w.topic, w.partition)
      const t = times.get(key)
      if (t !== undefined) out.set(key, { offset: w.offset, timestamp: t })
    }
    // Only what is wanted now is kept: the cache is bounded by the partitions with lag.
    if (!partial) this.exactCache = new Map(out)
    else for (const [k, v] of out) this.exactCache.set(k, v)
    return out
  }
}
