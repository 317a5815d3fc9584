import type { JobSummary, LagSnapshot } from '../../shared/contract'

/** What one read of a Kafka cluster's metadata says. */
export interface KafkaFacts {
  observedAt: number
  brokers: number[]
  controller: number | null
  topics: number
  partitions: number
  /** "topic/partition" of partitions whose in-sync replicas are fewer than their replicas. */
  underReplicated: string[]
  /** "topic/partition" of partitions without a leader. */
  offline: string[]
  /** Sum of the log-end offsets of the user topics read, for the write rate. */
  logEndTotal: number | null
}

export interface JobCheckpointFacts {
  jid: string
  name: string
  detectors: Array<{ id: string; title: string; firing: boolean; severity: 'warning' | 'critical'; evidence: string }>
}

/** What one read of a Flink cluster says: its jobs, and the checkpoint detectors of the running ones. */
export interface FlinkFacts {
  observedAt: number
  version: string
  jobs: JobSummary[]
  checkpoints: JobCheckpointFacts[]
}

export interface LagFacts {
  observedAt: number
  snapshot: LagSnapshot
}

/** The newest job of each name: a job resubmitted under the same name replaces the old one. */
export function currentJobs(jobs: JobSummary[]): JobSummary[] {
  const byName = new Map<string, JobSummary>()
  for (const j of jobs) {
    const seen = byName.get(j.name)
    if (!seen || (j.startTime ?? 0) > (seen.startTime ?? 0)) byName.set(j.name, j)
  }
  return [...byName.values()]
}
