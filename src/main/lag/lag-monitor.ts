import { promises as fs } from 'node:fs'
import path from 'node:path'
import type { AlertRule, GroupDetail, GroupSummary, LagSnapshot, PartitionLag } from '../../shared/contract/lag'
import { alertRuleSchema } from '../../shared/contract/lag'
import { z } from 'zod'
import type { Admin } from 'kafkajs'
import type { PartitionReader } from '../kafka/partition-reader'
import { CommitWindow, evaluate, worst } from './burrow'
import type { FlinkJobLink } from './flink-link'
import { LagHistory, type StoredSample } from './lag-history'
import { readGroups, recordTimestamps, tp, type ClusterRead } from './lag-reader'
import { EndOffsetTable, lagSeconds } from './time-lag'
import { writeFileAtomic } from '../util/atomic-write'

export interface MonitorSources {
  /** Runs fn with a connected admin client and partition reader of the profile. */
  withKafka<T>(fn: (admin: Admin, reader: PartitionReader) => Promise<T>): Promise<T>
  /** Flink jobs that own the given groups; empty when the profile has no Flink. */
  flink(groups: { group: string; topics: string[] }[]): Promise<Map<string, FlinkJobLink>>
}

export interface MonitorOptions {
  intervalMs?: number
  /** Partitions per sample whose time lag is read exactly; the rest are estimated. */
  exactBudget?: number
  history: LagHistory
  alertsFile: string
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

const rulesFileSchema = z.record(z.string(), alertRuleSchema)

// Plain comparisons: localeCompare with options builds a collator per call (5 s a minute at 40k partitions).
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
  private readonly alertSince = new Map<string, number>()
  private readonly storedAt = new Map<string, number>()
  private details = new Map<string, GroupDetail>()
  private rules: Record<string, AlertRule> | undefined
  private restored = false
  private running?: Promise<LagSnapshot>
  latest: LagSnapshot | undefined

  constructor(
    private readonly sources: MonitorSources,
    private readonly opts: MonitorOptions,
  ) {
    this.intervalMs = opts.intervalMs ?? 10_000
    this.exactBudget = opts.exactBudget ?? 1000
  }

  get history(): LagHistory {
    return this.opts.history
  }

  detail(group: string): GroupDetail | undefined {
    return this.details.get(group)
  }

  async alertRules(): Promise<Record<string, AlertRule>> {
    if (!this.rules) {
      try {
        this.rules = rulesFileSchema.parse(JSON.parse(await fs.readFile(this.opts.alertsFile, 'utf8')))
      } catch {
        this.rules = {}
      }
    }
    return this.rules
  }

  async setRules(group: string, rule: AlertRule | null): Promise<void> {
    const rules = { ...(await this.alertRules()) }
    if (rule) rules[group] = rule
    else delete rules[group]
    await fs.mkdir(path.dirname(this.opts.alertsFile), { recursive: true })
    await writeFileAtomic(this.opts.alertsFile, JSON.stringify(rules, null, 2))
    this.rules = rules
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
    const flink = await this.sources
      .flink(
        read.groups.map((g) => ({
          group: g.group,
          topics: [...new Set([...g.committed.values()].map((c) => c.topic))],
        })),
      )
      .catch(() => new Map<string, FlinkJobLink>())
    const rules = await this.alertRules()
    const now = read.at
    const stored = new Map<string, StoredSample>()
    const details = new Map<string, GroupDetail>()
    for (const [key, end] of read.ends) this.table(key).add(end, now)

    for (const g of read.groups) {
      const link = flink.get(g.group) ?? null
      const alive = link ? link.lag.state === 'RUNNING' : g.members.length > 0
      const owners = new Map<string, PartitionLag['owner']>()
      for (const m of g.members) {
        for (const [topic, parts] of Object.entries(m.assignment)) {
          for (const p of parts) owners.set(tp(topic, p), { memberId: m.memberId, clientId: m.clientId, host: m.host })
        }
      }
      const partitions: PartitionLag[] = []
      const parts: Record<string, [number, number, number | null]> = {}
      let produce = 0
      let consume = 0
      let rated = false
      for (const [key, c] of inOrder(g.committed)) {
        const end = read.ends.get(key)
        if (end === undefined) continue
        const lag = Math.max(0, end - c.offset)
        const st = this.state(g.group, key)
        const w = st.window
        // Samples a view asks for in between are not kept: the rules reason in sampling intervals.
        w.observe({ t: now, offset: c.offset, lag }, this.intervalMs / 2)
        const verdict = evaluate(w, {
          now,
          alive,
          flink: link
            ? {
                checkpointIntervalMs: link.lag.checkpointIntervalMs,
                checkpointDurationMs: link.checkpointDurationMs,
                running: alive,
              }
            : null,
          sampleIntervalMs: this.intervalMs,
        })
        let secs: number | null = 0
        let kind: 'exact' | 'estimated' | null = 'exact'
        if (lag > 0) {
          const at = exact.get(key)
          if (at !== undefined && at.offset === c.offset)
            secs = at.timestamp === null ? 0 : lagSeconds(now, at.timestamp)
          else {
            secs = lagSeconds(now, this.table(key).producedAt(c.offset))
            kind = secs === null ? null : 'estimated'
          }
        }
        const r = this.rate(st.rates, { t: now, end, committed: c.offset })
        if (r.produce !== null && r.consume !== null) {
          produce += r.produce
          consume += r.consume
          rated = true
        }
        const gain = r.consume !== null && r.produce !== null ? r.consume - r.produce : null
        partitions.push({
          topic: c.topic,
          partition: c.partition,
          committedOffset: c.offset,
          logEndOffset: end,
          lag,
          lagSeconds: secs,
          lagSecondsKind: kind,
          owner: owners.get(key) ?? null,
          produceRate: r.produce,
          consumeRate: r.consume,
          catchUpSeconds: lag === 0 ? 0 : gain !== null && gain > 0 ? lag / gain : null,
          verdict,
          ...(link ? { flinkCurrentOffset: link.currentOffsets.get(key) ?? null } : {}),
        })
        parts[key] = [c.offset, end, secs]
      }
      const verdict = worst(partitions.map((p) => p.verdict))
      const totalLag = partitions.reduce((s, p) => s + (p.lag ?? 0), 0)
      const secsList = partitions.filter((p) => p.lagSeconds !== null)
      const maxP = secsList.sort((a, b) => (b.lagSeconds ?? 0) - (a.lagSeconds ?? 0))[0]
      const rule = rules[g.group] ?? null
      const summary: GroupSummary = {
        group: g.group,
        state: g.state,
        protocol: g.protocol || (link ? 'flink (assign)' : ''),
        members: g.members.length,
        topics: [...new Set(partitions.map((p) => p.topic))],
        totalLag,
        maxLagSeconds: maxP?.lagSeconds ?? null,
        lagSecondsKind: maxP?.lagSecondsKind ?? null,
        verdict,
        flinkJob: link?.lag.name ?? null,
        alerts: this.alerts(g.group, rule, maxP?.lagSeconds ?? null, verdict.status, now),
      }
      details.set(g.group, { summary, partitions, flink: link?.lag ?? null, rules: rule, sampledAt: now })
      stored.set(g.group, {
        t: now,
        lag: totalLag,
        lagSeconds: summary.maxLagSeconds,
        produceRate: rated ? produce : null,
        consumeRate: rated ? consume : null,
        status: verdict.status,
        parts,
      })
    }
    if (!only) {
      this.details = details
      // Forget deleted groups and topics, so that memory follows the cluster as it is.
      const live = new Set(read.groups.map((g) => g.group))
      for (const g of this.states.keys()) if (!live.has(g)) this.states.delete(g)
      for (const k of this.tables.keys()) if (!read.ends.has(k)) this.tables.delete(k)
    } else for (const [g, d] of details) this.details.set(g, d)
    // History keeps one sample per interval: extra samples (a detail view asking) are not stored.
    for (const [g, sample] of stored) {
      if (sample.t - (this.storedAt.get(g) ?? 0) < this.intervalMs / 2) stored.delete(g)
      else this.storedAt.set(g, sample.t)
    }
    await this.opts.history.append(stored)
    const snapshot: LagSnapshot = {
      sampledAt: now,
      intervalMs: this.intervalMs,
      groups: [...details.values()].map((d) => d.summary).sort((a, b) => a.group.localeCompare(b.group)),
    }
    if (!only) this.latest = snapshot
    return snapshot
  }

  /**
   * Exact record timestamps at the committed offsets of lagging partitions: cached ones for
   * offsets that have not moved, fresh reads for the rest within the budget (worst first).
   */
  private async exactTimes(read: ClusterRead, reader: PartitionReader, partial: boolean) {
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

  private alerts(group: string, rule: AlertRule | null, secs: number | null, status: string, now: number): string[] {
    if (!rule) return []
    const out: string[] = []
    if (rule.verdictNotOk && status !== 'OK') out.push(`verdict is ${status}`)
    if (rule.lagSecondsAbove !== undefined) {
      if (secs !== null && secs > rule.lagSecondsAbove) {
        const since = this.alertSince.get(group) ?? now
        this.alertSince.set(group, since)
        if (now - since >= rule.forSeconds * 1000) {
          out.push(
            `lag ${Math.round(secs)} s above ${rule.lagSecondsAbove} s for ${Math.round((now - since) / 1000)} s`,
          )
        }
      } else this.alertSince.delete(group)
    }
    return out
  }
}
