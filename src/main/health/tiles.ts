import type { FlinkTile, KafkaTile, LagTile } from '../../shared/contract/health'
import { TREND_DETECTORS } from './derive'
import { currentJobs, type FlinkFacts, type KafkaFacts, type LagFacts } from './facts'

export function kafkaTile(k: KafkaFacts, expectedBrokers: number, inPerSec: number | null): KafkaTile {
  return {
    brokers: k.brokers.length,
    expectedBrokers,
    controller: k.controller,
    topics: k.topics,
    partitions: k.partitions,
    underReplicated: k.underReplicated.length,
    offline: k.offline.length,
    inPerSec,
  }
}

export function flinkTile(f: FlinkFacts): FlinkTile {
  const jobs = currentJobs(f.jobs)
  const count = (states: string[]) => jobs.filter((j) => states.includes(j.state)).length
  const running = count(['RUNNING'])
  const restarting = count(['RESTARTING', 'FAILING'])
  const failed = count(['FAILED'])
  return {
    version: f.version,
    running,
    restarting,
    failed,
    other: jobs.length - running - restarting - failed,
    // A trend (state growing, a recovered restart) is a note, not unhealthy checkpoints.
    checkpointsHealthy: f.checkpoints.filter((c) => c.detectors.every((d) => !d.firing || TREND_DETECTORS.has(d.id)))
      .length,
  }
}

const WORST = 5

export function lagTile(l: LagFacts): LagTile {
  const groups = l.snapshot.groups
  const worst = [...groups]
    .sort((a, b) => (b.maxLagSeconds ?? -1) - (a.maxLagSeconds ?? -1) || b.totalLag - a.totalLag)
    .slice(0, WORST)
    .map((g) => ({ group: g.group, status: g.verdict.status, lag: g.totalLag, lagSeconds: g.maxLagSeconds }))
  return { groups: groups.length, notOk: groups.filter((g) => g.verdict.status !== 'OK').length, worst }
}
