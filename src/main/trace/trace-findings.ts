import type { TraceFinding } from '../../shared/contract/trace'
import type { DeniedTopic } from './readable-topics'
import type { HeldPartition } from './scanner'

/** The findings a trace adds to the verdict about how it read, not about the story itself. */

export function truncatedFinding(maxEvents: number): TraceFinding {
  return {
    kind: 'incomplete-window',
    severity: 'warn',
    message: `More than ${maxEvents} events match: the rest were not kept`,
    events: [],
  }
}

export function cancelledFinding(): TraceFinding {
  return { kind: 'incomplete-window', severity: 'warn', message: 'Cancelled: the story may be incomplete', events: [] }
}

export function missingTopicsFinding(topics: string[]): TraceFinding {
  return {
    kind: 'incomplete-window',
    severity: 'warn',
    message: `Not on this cluster, skipped: ${topics.join(', ')} (the trace map names ${topics.length === 1 ? 'it' : 'them'}); the other topics were traced`,
    events: [],
  }
}

export function deniedTopicsFinding(denied: DeniedTopic[]): TraceFinding {
  return {
    kind: 'incomplete-window',
    severity: 'warn',
    message: `Refused by an ACL, skipped: ${denied.map((d) => d.message).join('; ')}; the other topics were traced`,
    events: [],
  }
}

/**
 * An unfinished story may go on in records not committed yet (a Flink exactly-once sink
 * commits at each checkpoint; with checkpoints failing, for as long as they fail).
 */
export function uncommittedFinding(held: HeldPartition[]): TraceFinding {
  const total = held.reduce((n, h) => n + h.records, 0)
  const where = held
    .slice(0, 5)
    .map((h) => `${h.topic}/${h.partition} after offset ${h.stableOffset}`)
    .join(', ')
  return {
    kind: 'uncommitted',
    severity: 'info',
    message: `${total} record(s) wait behind open transactions (${where}${held.length > 5 ? ', …' : ''}): read_committed shows them once they commit, and the story may continue there`,
    events: [],
  }
}
