import type { Admin } from 'kafkajs'

/**
 * Consumer groups that read the given topics and whose name carries the job's name. Flink's
 * KafkaSource does not report its group id, so the link is inferred: the group must exist and
 * hold committed offsets on one of the job's source topics.
 */
export async function groupsReading(admin: Admin, topics: string[], jobName: string): Promise<string[]> {
  if (!topics.length) return []
  const wanted = jobName.toLowerCase()
  const { groups } = await admin.listGroups()
  const candidates = groups
    .map((g) => g.groupId)
    .filter((g) => g.toLowerCase().includes(wanted) || wanted.includes(g.toLowerCase()))
  const found: string[] = []
  for (const groupId of candidates) {
    const offsets = await admin.fetchOffsets({ groupId, topics })
    if (offsets.some((t) => t.partitions.some((p) => Number(p.offset) >= 0))) found.push(groupId)
  }
  return found.sort()
}
