import { AssignerProtocol, type Admin } from 'kafkajs'
import type { PartitionReader } from '../kafka/partition-reader'
import { mapLimited } from '../util/map-limited'

export interface GroupRead {
  group: string
  state: string
  protocol: string
  members: { memberId: string; clientId: string; host: string; assignment: Record<string, number[]> }[]
  /** Committed offsets by "topic/partition". */
  committed: Map<string, { topic: string; partition: number; offset: number }>
}

export interface ClusterRead {
  at: number
  groups: GroupRead[]
  /** Log-end offsets by "topic/partition". */
  ends: Map<string, number>
}

// One string per partition for the life of the process: a sample looks each key up in several
// maps, and a key built afresh costs a concatenation, a flattening and a hash every time (at 40k
// group-partitions that was most of a sample's CPU).
const keys = new Map<string, string[]>()

/** The "topic/partition" key of a partition, the same string on every call. */
export function tp(topic: string, partition: number): string {
  let byPartition = keys.get(topic)
  if (!byPartition) {
    if (keys.size >= 50_000) keys.clear() // topics come and go; stay bounded
    keys.set(topic, (byPartition = []))
  }
  return (byPartition[partition] ??= `${topic}/${partition}`)
}

function assignmentOf(buf: Buffer | null | undefined): Record<string, number[]> {
  if (!buf || buf.length === 0) return {}
  try {
    return AssignerProtocol.MemberAssignment.decode(buf)?.assignment ?? {}
  } catch {
    return {} // another protocol's assignment (Connect, streams with custom data): owners unknown
  }
}

const isConsumer = (protocolType: string) => protocolType === 'consumer' || protocolType === ''

/**
 * One look at the cluster's groups: who they are, their members, what they committed, and the
 * log-end offsets of every partition they committed on. Joins no group.
 *
 * Named groups are read directly, not picked out of ListGroups: a coordinator that is still
 * loading its offsets partition (a broker just restarted or resumed) leaves its groups out of
 * ListGroups without an error, while DescribeGroups and OffsetFetch say that it is loading.
 */
export async function readGroups(admin: Admin, only?: string[]): Promise<ClusterRead> {
  const described = new Map<string, Awaited<ReturnType<Admin['describeGroups']>>['groups'][number]>()
  const describe = async (ids: string[]) => {
    for (let i = 0; i < ids.length; i += 50) {
      for (const g of (await admin.describeGroups(ids.slice(i, i + 50))).groups) described.set(g.groupId, g)
    }
  }
  let ids: string[]
  if (only) {
    await describe(only)
    ids = only.filter((g) => isConsumer(described.get(g)?.protocolType ?? ''))
  } else {
    ids = (await admin.listGroups()).groups.filter((g) => isConsumer(g.protocolType)).map((g) => g.groupId)
    await describe(ids)
  }
  let groups = await mapLimited(ids, 8, async (group): Promise<GroupRead> => {
    const d = described.get(group)
    const committed = new Map<string, { topic: string; partition: number; offset: number }>()
    for (const t of await admin.fetchOffsets({ groupId: group })) {
      for (const p of t.partitions) {
        const offset = Number(p.offset)
        if (offset >= 0) committed.set(tp(t.topic, p.partition), { topic: t.topic, partition: p.partition, offset })
      }
    }
    return {
      group,
      state: d?.state ?? 'Unknown',
      protocol: d?.protocol || (d?.protocolType ?? ''),
      members: (d?.members ?? []).map((m) => ({
        memberId: m.memberId,
        clientId: m.clientId,
        host: m.clientHost,
        assignment: assignmentOf(m.memberAssignment),
      })),
      committed,
    }
  })
  // A named group the cluster does not know comes back Dead with nothing committed: not a group.
  if (only) groups = groups.filter((g) => g.state !== 'Dead' || g.committed.size > 0)
  const topics = [...new Set(groups.flatMap((g) => [...g.committed.values()].map((c) => c.topic)))]
  const ends = new Map<string, number>()
  await mapLimited(topics, 8, async (topic) => {
    try {
      for (const p of await admin.fetchTopicOffsets(topic)) ends.set(tp(topic, p.partition), Number(p.offset))
    } catch {
      // a deleted topic still has commits: its partitions show no log end
    }
  })
  return { at: Date.now(), groups, ends }
}

/**
 * Exact time lag: the timestamp of the record at each committed offset, one small fetch per
 * partition (all partitions of a leader in one request). Partitions whose record cannot be read
 * (deleted, compacted away, not yet written) are left out: the caller estimates them. Null: only
 * control records remain, so there is nothing to wait for.
 */
export async function recordTimestamps(
  reader: PartitionReader,
  wanted: { topic: string; partition: number; offset: number }[],
): Promise<Map<string, number | null>> {
  const out = new Map<string, number | null>()
  for (let i = 0; i < wanted.length; i += 500) {
    const chunk = wanted.slice(i, i + 500)
    for (const b of await reader.fetch(chunk, { partitionMaxBytes: 16 * 1024, firstOnly: true })) {
      const first = b.records[0]
      if (first) out.set(tp(b.topic, b.partition), first.timestamp)
      // Only transaction markers (or aborted data) between the offset and the end: nothing left to consume.
      else if (b.nextOffset >= b.lastStableOffset && b.nextOffset > b.offset) out.set(tp(b.topic, b.partition), null)
    }
  }
  return out
}
