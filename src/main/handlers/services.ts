import path from 'node:path'
import { AlertService } from '../alerts/alert-service'
import { FlinkService } from '../flink/flink-service'
import { HealthService } from '../health/health-service'
import { IncidentTimeline } from '../health/incident-timeline'
import { profileSources } from '../health/sources'
import { WatchStore } from '../health/watch-store'
import { LagService } from '../lag/lag-service'
import { ProfileService } from '../profiles/profile-service'
import type { ProfileStore } from '../profiles/profile-store'
import type { SecretStore } from '../profiles/secret-store'
import { TraceService } from '../trace/trace-service'

export interface CoreDeps {
  profiles: ProfileStore
  secrets: SecretStore
  host: 'electron' | 'browser' | 'cli' | 'test'
  version: string
  /** Where history (checkpoints, lag samples) is kept. */
  stateDir: string
  /** Where fired and resolved alerts are posted (`serve --webhook`). */
  webhook?: string
  /** A host started with --read-only: every mutating call and every edit is refused. */
  readOnly?: boolean
}

/** The services behind the contract, each owning its per-profile resources, closed together. */
export interface Services {
  deps: CoreDeps
  flink: FlinkService
  lag: LagService
  trace: TraceService
  profiles: ProfileService
  health: HealthService
  alerts: AlertService
  timeline: IncidentTimeline
  watches: WatchStore
  close(): Promise<void>
}

export function createServices(deps: CoreDeps): Services {
  const { profiles, secrets } = deps
  // One-shot CLI calls record what they see; long-running hosts also watch in the background.
  const background = deps.host !== 'cli'
  const flink = new FlinkService(profiles, secrets, path.join(deps.stateDir, 'history'), background ? 10_000 : null)
  const lag = new LagService(profiles, secrets, flink, deps.stateDir, background ? 10_000 : null)
  const trace = new TraceService(profiles, secrets, { keepConnections: background })
  const profileService = new ProfileService(
    profiles,
    secrets,
    (id) => {
      flink.invalidate(id)
      lag.invalidate(id)
      trace.invalidate(id)
    },
    // One-shot CLI calls need not follow the file; long-running hosts see what the CLI writes.
    { readOnlyHost: deps.readOnly === true, watch: background },
  )
  const watches = new WatchStore(path.join(deps.stateDir, 'watches.json'))
  const health = new HealthService(
    {
      profiles: async () => (await profiles.list()).profiles,
      sources: (p) => profileSources(p, { secrets, flink, lag, watches, traces: trace }),
    },
    { intervalMs: background ? 10_000 : null },
  )
  const alerts = new AlertService(path.join(deps.stateDir, 'alerts'), { webhook: deps.webhook })
  const timeline = new IncidentTimeline(path.join(deps.stateDir, 'timeline'), alerts)
  // Alerts and the timeline are recorded where health runs in the background; a one-shot CLI only reads them.
  // Writes a round started; closing waits for them, so nothing is written into a removed directory.
  const writing = new Set<Promise<unknown>>()
  const track = (p: Promise<unknown>): void => {
    writing.add(p)
    void p.catch(() => undefined).finally(() => writing.delete(p))
  }
  if (background) {
    health.onReport((r) => track(alerts.observe(r)))
    health.onChanges((c) => track(timeline.record(c)))
    // A host nobody has opened yet (a team host with --webhook, the app in the tray) still alerts.
    health.start()
  }
  const closers: Array<() => Promise<void> | void> = [
    () => flink.close(),
    () => alerts.close(),
    () => lag.close(),
    () => trace.close(),
    () => profileService.close(),
  ]
  return {
    deps,
    flink,
    lag,
    trace,
    profiles: profileService,
    health,
    alerts,
    timeline,
    watches,
    close: async () => {
      await health.close().catch(() => undefined)
      await Promise.allSettled([...writing])
      await Promise.allSettled(closers.map(async (c) => c()))
    },
  }
}
