import { environmentColors, secretKeys, type Profile, type ProfileView } from '../shared/contract'
import type { Handlers } from './api/router'
import type { Contract } from '../shared/contract'
import { testConnection } from './profiles/connection-test'
import type { ProfileStore } from './profiles/profile-store'
import type { SecretStore } from './profiles/secret-store'
import { sleep } from './util/sleep'
import { FlinkService } from './flink/flink-service'
import { checkpointDetail, checkpointsView, clusterView } from './flink/flink-views'
import path from 'node:path'

export interface CoreDeps {
  profiles: ProfileStore
  secrets: SecretStore
  host: 'electron' | 'browser' | 'cli' | 'test'
  version: string
  /** Where history (checkpoints, lag samples) is kept. */
  stateDir: string
}

/** Every service behind the contract, independent of Electron and of the transport. */
export function createHandlers(deps: CoreDeps): Handlers<Contract> {
  const { profiles, secrets } = deps
  // One-shot CLI calls record what they see; long-running hosts also watch in the background.
  const flink = new FlinkService(
    profiles,
    secrets,
    path.join(deps.stateDir, 'history'),
    deps.host === 'cli' ? null : 5_000,
  )

  const view = async (p: Profile): Promise<ProfileView> => ({
    ...p,
    color: environmentColors[p.environment],
    secrets: await secrets.keys(p.id),
    builtIn: profiles.isBuiltIn(p.id),
  })

  return {
    'app.info': async () => ({ name: 'Keytrail', version: deps.version, host: deps.host, platform: process.platform }),

    'profiles.list': async () => {
      const { profiles: list, activeId } = await profiles.list()
      return {
        profiles: await Promise.all(list.map(view)),
        activeId,
        ...(profiles.loadProblem ? { loadProblem: profiles.loadProblem } : {}),
      }
    },

    'profiles.save': async ({ profile, secrets: given }) => {
      const saved = await profiles.save(profile)
      flink.invalidate(saved.id)
      for (const key of secretKeys) {
        const value = given?.[key]
        if (value !== undefined) await secrets.set(saved.id, key, value)
      }
      return view(saved)
    },

    'profiles.remove': async ({ id }) => {
      const removed = await profiles.remove(id)
      flink.invalidate(id)
      if (removed) await secrets.removeProfile(id)
      return { removed }
    },

    'profiles.setActive': async ({ id }) => ({ activeId: await profiles.setActive(id) }),

    'profiles.test': async ({ id }) => testConnection(await profiles.get(id), secrets),

    'flink.cluster': async ({ id }) => clusterView(await flink.client(id)),

    'checkpoints.get': async ({ id, job, limit }) =>
      checkpointsView(await flink.client(id), flink.store(id), job, limit),

    'checkpoints.detail': async ({ id, jid, checkpointId }) =>
      checkpointDetail(await flink.client(id), jid, checkpointId),

    'health.watch': async ({ id, intervalMs }, emit, signal) => {
      while (!signal.aborted) {
        const profile = await profiles.get(id)
        emit(await testConnection(profile, secrets))
        await sleep(intervalMs, signal)
      }
    },
  }
}
