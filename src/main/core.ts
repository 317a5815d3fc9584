import { ApiError } from '../shared/contract'
import { createRouter, type Handlers, type Router, type RouterOptions } from './api/router'
import type { Contract } from '../shared/contract'
import { testConnection } from './profiles/connection-test'
import { ProfileService, readOnlyHostError } from './profiles/profile-service'
import type { ProfileStore } from './profiles/profile-store'
import type { SecretStore } from './profiles/secret-store'
import { sleep } from './util/sleep'
import { FlinkService } from './flink/flink-service'
import { runJobAction } from './flink/job-actions'
import path from 'node:path'
import { runFind, runSuggest, runTrace } from './trace/trace-service'
import { LagService } from './lag/lag-service'
import { HealthService } from './health/health-service'
import { profileSources } from './health/sources'
import { AlertService } from './alerts/alert-service'
import { IncidentTimeline } from './health/incident-timeline'

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

/** Every service behind the contract, independent of Electron and of the transport. */
export function createHandlers(deps: CoreDeps, onClose: Array<() => Promise<void> | void> = []): Handlers<Contract> {
  const { profiles, secrets } = deps
  // One-shot CLI calls record what they see; long-running hosts also watch in the background.
  const flink = new FlinkService(
    profiles,
    secrets,
    path.join(deps.stateDir, 'history'),
    deps.host === 'cli' ? null : 5_000,
  )

  const lag = new LagService(profiles, secrets, flink, deps.stateDir, deps.host === 'cli' ? null : 10_000)

  const profileService = new ProfileService(
    profiles,
    secrets,
    (id) => {
      flink.invalidate(id)
      lag.invalidate(id)
    },
    // One-shot CLI calls need not follow the file; long-running hosts see what the CLI writes.
    { readOnlyHost: deps.readOnly === true, watch: deps.host !== 'cli' },
  )

  const health = new HealthService(
    {
      profiles: async () => (await profiles.list()).profiles,
      sources: (p) => profileSources(p, { secrets, flink, lag }),
    },
    { intervalMs: deps.host === 'cli' ? null : 10_000 },
  )
  const alerts = new AlertService(path.join(deps.stateDir, 'alerts'), { webhook: deps.webhook })
  const timeline = new IncidentTimeline(path.join(deps.stateDir, 'timeline'), alerts)
  // Alerts and the timeline are recorded where health runs in the background; a one-shot CLI only reads them.
  if (deps.host !== 'cli') {
    health.onReport((r) => void alerts.observe(r))
    health.onChanges((c) => void timeline.record(c))
  }

  // Running traces by runId, so that `trace.stop` ends one and still gets its verdict.
  const traces = new Map<string, AbortController>()
  onClose.push(
    () => {
      for (const t of traces.values()) t.abort()
    },
    () => flink.close(),
    () => health.close(),
    () => alerts.close(),
    () => lag.close(),
    () => profileService.close(),
  )

  return {
    'app.info': async () => ({ name: 'Keytrail', version: deps.version, host: deps.host, platform: process.platform }),

    'profiles.list': async () => profileService.list(),
    'profiles.save': async ({ profile, secrets: given }) => profileService.save(profile, given),
    'profiles.remove': async ({ id }) => profileService.remove(id),
    'profiles.setActive': async ({ id }) => profileService.setActive(id),
    'profiles.setReadOnly': async (input) => profileService.setReadOnly(input),
    'profiles.test': async ({ id }) => profileService.test(id),

    'flink.cluster': async ({ id }) => flink.cluster(id),
    'checkpoints.get': async ({ id, job, limit }) => flink.checkpoints(id, job, limit),
    'jobs.detail': async ({ id, job }) => flink.jobDetail(id, job),

    'jobs.action': async ({ id, jid, action, targetDirectory }) =>
      runJobAction(await flink.connection(id), jid, action, targetDirectory),

    'checkpoints.detail': async ({ id, jid, checkpointId }) => flink.checkpointDetail(id, jid, checkpointId),

    'trace.run': async (input, emit, signal) => {
      const stop = new AbortController()
      if (input.runId) traces.set(input.runId, stop)
      try {
        await runTrace(await profiles.get(input.id), secrets, input, emit, AbortSignal.any([signal, stop.signal]))
      } finally {
        if (input.runId) traces.delete(input.runId)
      }
    },

    'trace.stop': async ({ runId }) => {
      const run = traces.get(runId)
      run?.abort()
      return { stopped: run !== undefined }
    },

    'trace.find': async (input, _ctx) =>
      runFind(await profiles.get(input.id), secrets, input, AbortSignal.timeout(120_000)),

    'trace.suggest': async ({ id, topics }) => runSuggest(await profiles.get(id), secrets, topics),

    'lag.groups': async ({ id }) => lag.groups(id),
    'lag.group': async ({ id, group }) => lag.group(id, group),
    'lag.describe': async ({ id, group }) => lag.describe(id, group),
    'lag.history': async ({ id, group, rangeMs }) => lag.history(id, group, rangeMs),
    'lag.watch': async ({ id }, emit, signal) => lag.watch(id, emit, signal),
    'lag.setRules': async ({ id, group, rules }) => {
      profileService.assertEditable('lag.setRules')
      return lag.setRules(id, group, rules)
    },

    'health.status': async ({ id }) => health.report(id),
    'health.overview': async (_input, emit, signal) => health.watch(emit, signal),

    'timeline.get': async (input) => timeline.read(input),
    'alerts.list': async ({ limit }) => alerts.list(limit),
    'alerts.ack': async ({ key }) => alerts.ack(key),
    'alerts.snooze': async ({ key, for: span }) => alerts.snooze(key, span),
    'alerts.override': async ({ override, remove }) => {
      profileService.assertEditable('alerts.override')
      return alerts.setOverride(override, remove)
    },
    'alerts.events': async (_input, emit, signal) => alerts.watch(emit, signal),

    'health.watch': async ({ id, intervalMs }, emit, signal) => {
      while (!signal.aborted) {
        const profile = await profiles.get(id)
        emit(await testConnection(profile, secrets))
        await sleep(intervalMs, signal)
      }
    },
  }
}

/**
 * Mutating calls run only in a profile that is not read-only (the profile named by the input's
 * `id`), and never on a host started with --read-only.
 */
export function profileMutationGuard(
  profiles: ProfileStore,
  readOnlyHost = false,
): NonNullable<RouterOptions['authorizeMutation']> {
  return async (method, input) => {
    if (readOnlyHost) throw readOnlyHostError(method)
    const id = (input as { id?: unknown }).id
    if (typeof id !== 'string') throw new ApiError('READ_ONLY', `${method} names no profile`)
    const profile = await profiles.get(id)
    if (profile.readOnly) {
      throw new ApiError('READ_ONLY', `Profile "${profile.name}" is read-only: ${method} is refused`)
    }
  }
}

export interface CoreRouter extends Router {
  /** Stops background sampling, running traces and Kafka connections, so that the host can exit. */
  close(): Promise<void>
}

/** The core behind a router: every handler, and the read-only guard on mutating calls. */
export function createCoreRouter(deps: CoreDeps, options: Omit<RouterOptions, 'authorizeMutation'> = {}): CoreRouter {
  const closers: Array<() => Promise<void> | void> = []
  const router = createRouter(createHandlers(deps, closers), {
    ...options,
    authorizeMutation: profileMutationGuard(deps.profiles, deps.readOnly === true),
  })
  return {
    ...router,
    close: async () => {
      await Promise.allSettled(closers.map(async (c) => c()))
    },
  }
}
