import path from 'node:path'
import {
  ApiError,
  type CheckpointDetailView,
  type CheckpointsView,
  type ClusterView,
  type JobDetailView,
} from '../../shared/contract'
import { CheckpointRecorder } from '../checkpoints/history-recorder'
import { CheckpointHistoryStore } from '../checkpoints/history-store'
import { groupsReading } from '../kafka/group-match'
import { withKafkaAdmin } from '../kafka/kafka-client'
import type { ProfileStore } from '../profiles/profile-store'
import type { SecretStore } from '../profiles/secret-store'
import { FlinkClient } from './flink-client'
import { FlinkConnection } from './flink-connection'
import { checkpointDetail, checkpointsView, clusterView } from './flink-queries'
import { summary } from './flink-views'
import { jobDetail } from './job-detail'

const LIVE = new Set(['RUNNING', 'RESTARTING', 'CREATED', 'INITIALIZING', 'FAILING', 'CANCELLING', 'RECONCILING'])

/**
 * Flink access per profile: one client (version detected once), one checkpoint history store,
 * and — in long-running hosts — a watcher that records every job's checkpoints every few
 * seconds, so that history exists even for the time nobody looked.
 */
export class FlinkService {
  private readonly clients = new Map<string, Promise<FlinkClient>>()
  private readonly recorders = new Map<string, CheckpointRecorder>()
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

  /** The profile's checkpoint history, and what records into it. */
  recorder(profileId: string): CheckpointRecorder {
    let recorder = this.recorders.get(profileId)
    if (!recorder) {
      recorder = new CheckpointRecorder(
        new CheckpointHistoryStore(path.join(this.historyRoot, profileId, 'checkpoints')),
      )
      this.recorders.set(profileId, recorder)
    }
    return recorder
  }

  store(profileId: string): CheckpointHistoryStore {
    return this.recorder(profileId).store
  }

  async cluster(profileId: string): Promise<ClusterView> {
    return clusterView(await this.client(profileId))
  }

  async checkpoints(profileId: string, job: string, limit: number): Promise<CheckpointsView> {
    return checkpointsView(await this.client(profileId), this.recorder(profileId), job, limit)
  }

  async checkpointDetail(profileId: string, jid: string, checkpointId: number): Promise<CheckpointDetailView> {
    return checkpointDetail(await this.client(profileId), jid, checkpointId)
  }

  /** The job view, with the consumer groups that read its source topics (asked of the profile's Kafka). */
  async jobDetail(profileId: string, job: string): Promise<JobDetailView> {
    const client = await this.client(profileId)
    const profile = await this.profiles.get(profileId)
    return jobDetail(client, job, (topics, jobName) =>
      withKafkaAdmin(profile, this.secrets, (admin) => groupsReading(admin, topics, jobName)),
    )
  }

  /** An action changed the cluster: the next reads ask Flink, not the shared answers. */
  forgetAnswers(profileId: string): void {
    this.clients
      .get(profileId)
      ?.then((c) => c.forget())
      .catch(() => undefined)
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
      await this.recorder(profileId)
        .record(client, summary(j))
        .catch(() => undefined)
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
