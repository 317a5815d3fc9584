import type { FindResult } from '../../shared/contract/trace'
import type { PartitionSource } from '../kafka/partition-source'

/** A topic of the trace map an ACL refuses, with the error as the console shows it (the contract's shape). */
export type DeniedTopic = FindResult['deniedTopics'][number]

export interface ReadableTopics<T> {
  topics: T[]
  missing: string[]
  denied: DeniedTopic[]
}

/**
 * The topics of a trace or search that can be read. Those the cluster lacks or an ACL refuses are
 * skipped and named, so that one unreadable topic does not hide the story in the others; when an
 * ACL leaves nothing to read, its refusal is the answer (thrown, with `explain`'s context).
 */
export async function readableTopics<T extends { topic: string }>(
  reader: PartitionSource,
  asked: T[],
  explain: (err: unknown) => unknown = (err) => err,
): Promise<ReadableTopics<T>> {
  const gaps = await reader.topicGaps(asked.map((t) => t.topic))
  const skipped = new Set([...gaps.missing, ...gaps.denied.map((d) => d.topic)])
  const topics = asked.filter((t) => !skipped.has(t.topic))
  const first = gaps.denied[0]
  if (first && topics.length === 0) throw explain(first.error)
  const denied = gaps.denied.map(({ topic, error }) => {
    const shown = explain(error)
    return { topic, message: shown instanceof Error ? shown.message : String(shown) }
  })
  return { topics, missing: gaps.missing, denied }
}
