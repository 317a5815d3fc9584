import path from 'node:path'
import type { Admin } from 'kafkajs'
import type { LagHistory as LagHistoryView, LagSnapshot } from '../../shared/contract/lag'
import { ApiError, type Profile } from '../../shared/contract'
import type { FlinkService } from '../flink/flink-service'
import { openKafka } from '../kafka/kafka-client'
import { PartitionReader } from '../kafka/partition-reader'
import type { ProfileStore } from '../profiles/profile-store'
import type { SecretStore } from '../profiles/secret-store'
import { flinkLinks } from './flink-link'
import { LagHistory } from './lag-history'
import { LagMonitor } from './lag-monitor'

interface Running {
  monitor: LagMonitor
  timer?: NodeJS.Timeout
  listeners: Set<(s: LagSnapshot) => void>
  close(): Promise<void>
}

/** A lag monitor per profile; in long-running hosts each samples in the background once asked about. */
export class LagService {
  private readonly running = new Map<string, Running>()

  constructor(
    private readonly profiles: ProfileStore,
    private readonly secrets: SecretStore,
    private readonly flink: FlinkService,
    private readonly stateDir: string,
    /** null: sample only when asked (the CLI). */
    private readonly intervalMs: number | null,
  ) {}

  private async open(profileId: string): Promise<Running> {
    const found = this.running.get(profileId)
    if (found) return found
    const profile = await this.profiles.get(profileId)
    // One connection per profile, shared by concurrent samples (a memoised promise, so that two
    // samples starting together do not open two and leak one).
    let conn: Promise<{ admin: Admin; reader: PartitionReader }> | undefined
    let closed = false
    const connect = () => {
      // A sample still running when the monitor is closed must not open a connection nobody closes.
      if (closed) return Promise.reject(new ApiError('UNAVAILABLE', 'The lag monitor was closed'))
      return (conn ??= (async () => {
        const kafka = await openKafka(profile, this.secrets)
        const admin = kafka.admin()
        const reader = new PartitionReader(kafka)
        await admin.connect()
        await reader.connect().catch(async (err: unknown) => {
          await admin.disconnect()
          throw err
        })
        return { admin, reader }
      })().catch((err: unknown) => {
        conn = undefined
        throw err
      }))
    }
    const drop = async () => {
      const c = await conn?.catch(() => undefined)
      conn = undefined
      await c?.admin.disconnect().catch(() => undefined)
      await c?.reader.disconnect()
    }
    const dir = path.join(this.stateDir, 'lag', profile.id)
    const monitor = new LagMonitor(
      {
        withKafka: async (fn) => {
          const c = await connect()
          try {
            const out = await fn(c.admin, c.reader)
            // One-shot hosts (the CLI) hold no connection between samples.
            if (this.intervalMs === null) await drop()
            return out
          } catch (err) {
            await drop() // reconnect on the next sample
            throw err
          }
        },
        flink: async (groups) => (profile.flink ? flinkLinks(await this.flink.client(profile.id), groups) : new Map()),
      },
      {
        intervalMs: this.intervalMs ?? 10_000,
        history: new LagHistory(path.join(dir, 'samples')),
        alertsFile: path.join(dir, 'alerts.json'),
      },
    )
    const close = async () => {
      closed = true
      await drop()
    }
    const running: Running = { monitor, listeners: new Set(), close }
    this.running.set(profileId, running)
    if (this.intervalMs !== null) this.schedule(running, profile)
    return running
  }

  private schedule(r: Running, profile: Profile): void {
    const tick = async () => {
      try {
        const snap = await r.monitor.sample()
        for (const l of r.listeners) l(snap)
      } catch {
        // the cluster is unreachable: the next tick retries; watchers keep the last snapshot
      }
      if (this.running.get(profile.id) === r) r.timer = setTimeout(() => void tick(), r.monitor.intervalMs).unref()
    }
    void tick()
  }

  async groups(profileId: string): Promise<LagSnapshot> {
    const r = await this.open(profileId)
    return r.monitor.latest ?? (await r.monitor.sample())
  }

  async group(profileId: string, group: string) {
    const r = await this.open(profileId)
    const fresh = r.monitor.detail(group)
    // The background sample is recent enough; a one-shot host always reads afresh.
    if (this.intervalMs === null || !fresh || Date.now() - fresh.sampledAt > 2000) await r.monitor.sample([group])
    const d = r.monitor.detail(group)
    if (!d) throw new ApiError('NOT_FOUND', `No consumer group "${group}" with committed offsets`)
    return d
  }

  /** A fresh sample with every partition: of one group, or of all. */
  async describe(profileId: string, group?: string) {
    const r = await this.open(profileId)
    const snap = await r.monitor.sample(group ? [group] : undefined)
    if (group && !r.monitor.detail(group))
      throw new ApiError('NOT_FOUND', `No consumer group "${group}" with committed offsets`)
    return {
      sampledAt: snap.sampledAt,
      groups: snap.groups.map((g) => r.monitor.detail(g.group)).filter((d) => d !== undefined),
    }
  }

  async history(profileId: string, group: string, rangeMs: number): Promise<LagHistoryView> {
    const r = await this.open(profileId)
    const samples = await r.monitor.history.read(group, Date.now() - rangeMs)
    // At most ~400 points: the chart needs no more, and the wire stays small.
    const step = Math.max(1, Math.ceil(samples.length / 400))
    const picked = samples.filter((_, i) => i % step === 0 || i === samples.length - 1)
    const partitions: LagHistoryView['partitions'] = {}
    for (const s of picked) {
      for (const [key, [committed, end, secs]] of Object.entries(s.parts ?? {})) {
        ;(partitions[key] ??= []).push([s.t, Math.max(0, end - committed), secs])
      }
    }
    return {
      group,
      points: picked.map(({ t, lag, lagSeconds, produceRate, consumeRate, status }) => ({
        t,
        lag,
        lagSeconds,
        produceRate,
        consumeRate,
        status,
      })),
      partitions,
    }
  }

  async watch(profileId: string, emit: (s: LagSnapshot) => void, signal: AbortSignal): Promise<void> {
    const r = await this.open(profileId)
    if (r.monitor.latest) emit(r.monitor.latest)
    r.listeners.add(emit)
    await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }))
    r.listeners.delete(emit)
  }

  async setRules(profileId: string, group: string, rules: Parameters<LagMonitor['setRules']>[1]) {
    const r = await this.open(profileId)
    await r.monitor.setRules(group, rules)
    return { group, rules }
  }

  /** Stops a profile's sampling and closes its connection. */
  private async stop(profileId: string): Promise<void> {
    const r = this.running.get(profileId)
    if (!r) return
    this.running.delete(profileId)
    clearTimeout(r.timer)
    await r.close()
  }

  /** Drops a profile's monitor (its settings changed). */
  invalidate(profileId: string): void {
    void this.stop(profileId)
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.running.keys()].map((id) => this.stop(id)))
  }
}
