import type { GroupSummary, PartitionLag } from '../../shared/contract/lag'
import { evaluate, worst, type CommitWindow } from './burrow'
import type { FlinkJobLink } from './flink-link'
import type { StoredSample } from './lag-history'
import { tp, type GroupRead } from './lag-reader'

/** One partition of a group as this sample saw it; its window already holds the sample. */
export interface PartitionSample {
  key: string
  topic: string
  partition: number
  committedOffset: number
  logEndOffset: number
  window: CommitWindow
  lagSeconds: number | null
  lagSecondsKind: 'exact' | 'estimated' | null
  produceRate: number | null
  consumeRate: number | null
}

export interface SummaryContext {
  now: number
  sampleIntervalMs: number
  /** The Flink job that owns the group, when one does. */
  link: FlinkJobLink | null
}

export interface GroupFigures {
  /** Everything but the alerts, which depend on the rules and on how long a condition has held. */
  summary: Omit<GroupSummary, 'alerts'>
  partitions: PartitionLag[]
  /** The row the history keeps. */
  sample: StoredSample
}

/** Who holds each partition, from the members' assignments (a Flink source has none). */
function owners(members: GroupRead['members']): Map<string, PartitionLag['owner']> {
  const out = new Map<string, PartitionLag['owner']>()
  for (const m of members) {
    for (const [topic, parts] of Object.entries(m.assignment)) {
      for (const p of parts) out.set(tp(topic, p), { memberId: m.memberId, clientId: m.clientId, host: m.host })
    }
  }
  return out
}

/**
 * A group's figures from its partitions' samples: per-partition verdicts (Flink-aware), the
 * group's worst verdict, total lag, the largest time lag and the summed rates. Pure: the caller
 * keeps the windows, rates and time-lag tables between samples.
 */
export function summarizeGroup(
  g: Pick<GroupRead, 'group' | 'state' | 'protocol' | 'members'>,
  samples: PartitionSample[],
  ctx: SummaryContext,
): GroupFigures {
  const { link, now } = ctx
  const alive = link ? link.lag.state === 'RUNNING' : g.members.length > 0
  const flink = link
    ? {
        checkpointIntervalMs: link.lag.checkpointIntervalMs,
        checkpointDurationMs: link.checkpointDurationMs,
        failedCheckpointsInARow: link.failedCheckpointsInARow,
        running: alive,
      }
    : null
  const byKey = owners(g.members)
  const parts: Record<string, [number, number, number | null]> = {}
  let produce = 0
  let consume = 0
  let rated = false
  const partitions = samples.map((s): PartitionLag => {
    const lag = Math.max(0, s.logEndOffset - s.committedOffset)
    if (s.produceRate !== null && s.consumeRate !== null) {
      produce += s.produceRate
      consume += s.consumeRate
      rated = true
    }
    const gain = s.consumeRate !== null && s.produceRate !== null ? s.consumeRate - s.produceRate : null
    parts[s.key] = [s.committedOffset, s.logEndOffset, s.lagSeconds]
    return {
      topic: s.topic,
      partition: s.partition,
      committedOffset: s.committedOffset,
      logEndOffset: s.logEndOffset,
      lag,
      lagSeconds: s.lagSeconds,
      lagSecondsKind: s.lagSecondsKind,
      owner: byKey.get(s.key) ?? null,
      produceRate: s.produceRate,
      consumeRate: s.consumeRate,
      catchUpSeconds: lag === 0 ? 0 : gain !== null && gain > 0 ? lag / gain : null,
      verdict: evaluate(s.window, { now, alive, flink, sampleIntervalMs: ctx.sampleIntervalMs }),
      ...(link ? { flinkCurrentOffset: link.currentOffsets.get(s.key) ?? null } : {}),
    }
  })
  const verdict = worst(partitions.map((p) => p.verdict))
  const totalLag = partitions.reduce((sum, p) => sum + (p.lag ?? 0), 0)
  const slowest = partitions
    .filter((p) => p.lagSeconds !== null)
    .reduce<PartitionLag | undefined>((a, p) => (!a || (p.lagSeconds ?? 0) > (a.lagSeconds ?? 0) ? p : a), undefined)
  return {
    summary: {
      group: g.group,
      state: g.state,
      protocol: g.protocol || (link ? 'flink (assign)' : ''),
      members: g.members.length,
      topics: [...new Set(partitions.map((p) => p.topic))],
      totalLag,
      maxLagSeconds: slowest?.lagSeconds ?? null,
      lagSecondsKind: slowest?.lagSecondsKind ?? null,
      verdict,
      flinkJob: link?.lag.name ?? null,
    },
    partitions,
    sample: {
      t: now,
      lag: totalLag,
      lagSeconds: slowest?.lagSeconds ?? null,
      produceRate: rated ? produce : null,
      consumeRate: rated ? consume : null,
      status: verdict.status,
      parts,
    },
  }
}
