import { ApiError, type Profile } from '../../shared/contract'
import type { FlinkService } from '../flink/flink-service'
import type { LagService } from '../lag/lag-service'
import type { SecretStore } from '../profiles/secret-store'
import { currentJobs, type FlinkFacts } from './facts'
import { KafkaFactsReader } from './kafka-facts'
import type { TraceService } from '../trace/trace-service'
import { traceVerdict } from '../trace/trace-verdict'
import type { ProfileSources } from './profile-health'
import type { WatchStore } from './watch-store'
import { WatchedOrders } from './watched-orders'

export interface SourceServices {
  secrets: SecretStore
  flink: FlinkService
  lag: LagService
  watches: WatchStore
  traces: Pick<TraceService, 'run'>
}

/** Pinned orders are traced again at most this often: every health round (each trace reads the order's partitions). */
const ORDERS_REFRESH_MS = 8_000

const TERMINAL = new Set(['FINISHED', 'CANCELED', 'FAILED', 'CANCELLING', 'SUSPENDED'])

async function readFlink(flink: FlinkService, profileId: string): Promise<FlinkFacts> {
  const cluster = await flink.cluster(profileId)
  // Restarting jobs too: a restart loop is judged from their checkpoints and exceptions.
  const live = currentJobs(cluster.jobs).filter((j) => !TERMINAL.has(j.state))
  const checkpoints = await Promise.all(
    live.map(async (j) => {
      const view = await flink.checkpoints(profileId, j.jid, 1)
      // Only a running job is expected to complete checkpoints.
      const detectors = j.state === 'RUNNING' ? view.detectors : view.detectors.filter((d) => d.id === 'restart-loop')
      return { jid: j.jid, name: j.name, detectors }
    }),
  )
  return { observedAt: Date.now(), version: cluster.version, jobs: cluster.jobs, checkpoints }
}

/** A profile's health sources over the services the core already runs (their connections, their caches). */
export function profileSources(profile: Profile, s: SourceServices): ProfileSources {
  const kafka = new KafkaFactsReader(profile, s.secrets)
  const orders = new WatchedOrders(
    profile.id,
    s.watches,
    (id, signal) => traceVerdict(s.traces, profile.id, id, signal),
    { refreshMs: ORDERS_REFRESH_MS, traceTimeoutMs: 30_000 },
  )
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
    // Without a trace map there is no verdict to watch.
    ...(profile.trace ? { orders: () => orders.read() } : {}),
    release: (component) => {
      if (component === 'kafka') void kafka.drop()
    },
    close: () => {
      orders.close()
      return kafka.drop()
    },
  }
}
