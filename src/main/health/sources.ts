import { ApiError, type Profile } from '../../shared/contract'
import type { FlinkService } from '../flink/flink-service'
import type { LagService } from '../lag/lag-service'
import type { SecretStore } from '../profiles/secret-store'
import { currentJobs, type FlinkFacts } from './facts'
import { KafkaFactsReader } from './kafka-facts'
import type { ProfileSources } from './profile-health'

export interface SourceServices {
  secrets: SecretStore
  flink: FlinkService
  lag: LagService
}

async function readFlink(flink: FlinkService, profileId: string): Promise<FlinkFacts> {
  const cluster = await flink.cluster(profileId)
  const running = currentJobs(cluster.jobs).filter((j) => j.state === 'RUNNING')
  const checkpoints = await Promise.all(
    running.map(async (j) => {
      const view = await flink.checkpoints(profileId, j.jid, 1)
      return { jid: j.jid, name: j.name, detectors: view.detectors }
    }),
  )
  return { observedAt: Date.now(), version: cluster.version, jobs: cluster.jobs, checkpoints }
}

/** A profile's health sources over the services the core already runs (their connections, their caches). */
export function profileSources(profile: Profile, s: SourceServices): ProfileSources {
  const kafka = new KafkaFactsReader(profile, s.secrets)
  return {
    kafka: () => kafka.read(),
    // Flink REST requests carry their own timeouts; a late one only finishes unread.
    flink: () => readFlink(s.flink, profile.id),
    lag: async () => {
      const snapshot = await s.lag.groups(profile.id)
      // The monitor keeps its last sample while Kafka fails: an old one is no answer.
      const age = Date.now() - snapshot.sampledAt
      if (age > 3 * snapshot.intervalMs) {
        throw new ApiError('UNAVAILABLE', `no lag sample for ${Math.round(age / 1000)} s`)
      }
      return { observedAt: snapshot.sampledAt, snapshot }
    },
    release: (component) => {
      if (component === 'kafka') void kafka.drop()
    },
    close: () => kafka.drop(),
  }
}
