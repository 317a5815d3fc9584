/**
 * Reads that ask a cluster, and which one: a frozen broker or JobManager holds a socket open
 * without answering, and kafkajs retries on its own for up to a minute, so past the deadline the
 * caller hears which component is silent instead of waiting on it.
 */
const FLINK = 'Flink (the JobManager REST API)'
const KAFKA = 'Kafka'

const COMPONENT_OF: Readonly<Record<string, string>> = {
  'flink.cluster': FLINK,
  'jobs.detail': FLINK,
  'checkpoints.get': FLINK,
  'checkpoints.detail': FLINK,
  'lag.groups': KAFKA,
  'lag.group': KAFKA,
  'lag.describe': KAFKA,
  'trace.find': KAFKA,
  'trace.suggest': KAFKA,
}

/** Leaves room under the 10 s an on-call engineer waits, for the transport and a CLI's start. */
export const CALL_DEADLINE_MS = 8_000

export function callDeadline(method: string, ms = CALL_DEADLINE_MS): { ms: number; component: string } | undefined {
  const component = Object.hasOwn(COMPONENT_OF, method) ? COMPONENT_OF[method] : undefined
  return component ? { ms, component } : undefined
}
