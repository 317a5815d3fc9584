import path from 'node:path'
import { ApiError } from '../../shared/contract'
import { CheckpointHistoryStore } from '../checkpoints/history-store'
import type { ProfileStore } from '../profiles/profile-store'
import type { SecretStore } from '../profiles/secret-store'
import { FlinkClient } from './flink-client'
import { FlinkConnection } from './flink-connection'
import { recordHistory, summary } from './flink-views'

const LIVE = new Set(['RUNNING', 'RESTARTING', 'CREATED', 'INITIALIZING', 'FAILING', 'CANCELLING', 'RECONCILING'])

/**
 * Flink access per profile: one client (version detected once), one checkpoint history store,
 * and — in long-running hosts — a watcher that records every job's checkpoints every few
 * seconds, so that history exists even for the time nobody looked.
 */
export class FlinkService {
  private readonly clients = new Map<string, Promise<FlinkClient>>()
  private readonly stores = new Map<string, CheckpointHistoryStore>()
  private readonly watchers = new Map<string, NodeJS.Timeout>()

  constructor(
    private readonly profiles: ProfileStore,
    private readonly secrets: SecretStore,
    private readonly historyRoot: string,
    private readonly watchIntervalMs: number | null,
  ) {}

  /** The raw connection, for actions (they are not retried). */
  async connection(profileId: string): Promise<FlinkConnection> {
    const conn = await FlinkConnection.open(await this.profiles.get(profileId), this.secrets)
    if (!conn) throw new ApiError('NOT_FOUND', `Profile "${profileId}" has no Flink REST URL`)
    return conn
  }

  async client(profileId: string): Promise<FlinkClient> {
    let pending = this.clients.get(profileId)
    if (!pending) {
      pending = (async () => {
        const profile = await this.profiles.get(profileId)
        const conn = await FlinkConnection.open(profile, this.secrets)
        if (!conn) throw new ApiError('NOT_FOUND', `Profile "${profileId}" has no Flink REST URL`)
        return FlinkClient.connect(conn)
      })()
      this.clients.set(profileId, pending)
      pending.catch(() => this.clients.delete(profileId))
    }
    const client = await pending
    this.watch(profileId)
    return client
  }

  store(profileId: string): CheckpointHistoryStore {
    let store = this.stores.get(profileId)
    if (!store) {
      store = new CheckpointHistoryStore(path.join(this.historyRoot, profileId, 'checkpoints'))
      this.stores.set(profileId, store)
    }
    return store
  }

  /** A profile changed: reconnect on next use. */
  invalidate(profileId: string): void {
    this.clients.delete(profileId)
    const t = this.watchers.get(profileId)
    if (t) clearInterval(t)
    this.watchers.delete(profileId)
  }

  /** Records the checkpoints of every live job once. */
  async recordAll(profileId: string): Promise<void> {
    const client = await this.client(profileId)
    const jobs = (await client.jobs()).jobs ?? []
    for (const j of jobs) {
      if (!j.jid || !LIVE.has(j.state ?? '')) continue
      await recordHistory(client, this.store(profileId), summary(j)).catch(() => undefined)
    }
  }

  private watch(profileId: string): void {
    if (this.watchIntervalMs === null || this.watchers.has(profileId)) return
    let busy = false
    const timer = setInterval(() => {
      if (busy) return
      busy = true
      this.recordAll(profileId)
        .catch(() => undefined)
        .finally(() => {
          busy = false
        })
    }, this.watchIntervalMs)
    timer.unref()
    this.watchers.set(profileId, timer)
  }

  close(): void {
    for (const t of this.watchers.values()) clearInterval(t)
    this.watchers.clear()
  }
}
