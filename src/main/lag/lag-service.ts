import path from 'node:path'
import type { LagHistory as LagHistoryView, LagSnapshot } from '../../shared/contract/lag'
import { ApiError } from '../../shared/contract'
import type { FlinkService } from '../flink/flink-service'
import { openKafka } from '../kafka/kafka-client'
import type { ProfileStore } from '../profiles/profile-store'
import type { SecretStore } from '../profiles/secret-store'
import { withFileLock } from '../util/file-lock'
import { flinkLinks } from './flink-link'
import { LagConnection } from './lag-connection'
import { LagHistory } from './lag-history'
import { LagMonitor } from './lag-monitor'

interface Running {
  monitor: LagMonitor
  alertsFile: string
  timer?: NodeJS.Timeout
  stopped: boolean
  listeners: Set<(s: LagSnapshot) => void>
  /** Watchers told when a background sample fails. */
  failures: Set<(err: unknown) => void>
  /** The last background sample's error, until one succeeds. */
  lastError?: unknown
  close(): Promise<void>
}

/** How long a watch waits for a first snapshot before it reports Kafka unreachable (a later one: two intervals). */
const WATCH_SILENCE_MS = 10_000

/** A lag monitor per profile; in long-running hosts each samples in the background once asked about. */
export class LagService {
  /**
   * The monitor of each profile, stored as a promise before anything is awaited: concurrent first
   * calls share one monitor (and its one Kafka connection) instead of each opening its own.
   */
  private readonly running = new Map<string, Promise<Running>>()

  constructor(
    private readonly profiles: ProfileStore,
    private readonly secrets: SecretStore,
    private readonly flink: FlinkService,
    private readonly stateDir: string,
    /** null: sample only when asked (the CLI). */
    private readonly intervalMs: number | null,
    /** How long a watch waits for its first snapshot before it reports Kafka unreachable. */
    private readonly watchSilenceMs = WATCH_SILENCE_MS,
  ) {}

  private open(profileId: string): Promise<Running> {
    const found = this.running.get(profileId)
    if (found) return found
    const opening = this.create(profileId)
    this.running.set(profileId, opening)
    opening.catch(() => {
      if (this.running.get(profileId) === opening) this.running.delete(profileId)
    })
    return opening
  }

  private async create(profileId: string): Promise<Running> {
    const profile = await this.profiles.get(profileId)
    const conn = new LagConnection(() => openKafka(profile, this.secrets))
    const dir = path.join(this.stateDir, 'lag', profile.id)
    const alertsFile = path.join(dir, 'alerts.json')
    const monitor = new LagMonitor(
      {
        withKafka: async (fn) => {
          const c = await conn.get()
          try {
            const out = await fn(c.admin, c.reader)
            // One-shot hosts (the CLI) hold no connection between samples.
            if (this.intervalMs === null) await conn.drop()
            return out
          } catch (err) {
            await conn.drop(c) // reconnect on the next sample
            throw err
          }
        },
        flink: async (groups, signal) =>
          profile.flink ? flinkLinks(await this.flink.client(profile.id), groups, signal) : new Map(),
      },
      {
        intervalMs: this.intervalMs ?? 10_000,
        history: new LagHistory(path.join(dir, 'samples')),
        alertsFile,
      },
    )
    const running: Running = {
      monitor,
      alertsFile,
      stopped: false,
      listeners: new Set(),
      failures: new Set(),
      close: () => conn.close(),
    }
    if (this.intervalMs !== null) this.schedule(running)
    return running
  }

  private schedule(r: Running): void {
    const tick = async () => {
      try {
        const snap = await r.monitor.sample()
        r.lastError = undefined
        for (const l of r.listeners) l(snap)
      } catch (err) {
        r.lastError = err
        // The next tick retries; watchers are told now rather than left with a silent last snapshot.
        for (const f of r.failures) f(err)
      }
      if (!r.stopped) r.timer = setTimeout(() => void tick(), r.monitor.intervalMs).unref()
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

  /**
   * Pushes each snapshot until aborted. Ends with UNAVAILABLE when a sample fails or none arrives
   * for a while (a frozen broker answers nothing): the client shows that Kafka is unreachable and
   * subscribes again when it wants to retry.
   */
  async watch(profileId: string, emit: (s: LagSnapshot) => void, signal: AbortSignal): Promise<void> {
    const r = await this.open(profileId)
    if (r.monitor.latest) emit(r.monitor.latest)
    // The first snapshot is awaited briefly; after it, a sample may take its interval to come.
    const steady = Math.max(this.watchSilenceMs, 2 * r.monitor.intervalMs)
    let silence = r.monitor.latest ? steady : this.watchSilenceMs
    let timer: NodeJS.Timeout | undefined
    let onSnapshot = (_s: LagSnapshot): void => undefined
    let onFailure = (_err: unknown): void => undefined
    try {
      await new Promise<void>((resolve, reject) => {
        const fail = (why: string) =>
          reject(new ApiError('UNAVAILABLE', `Kafka of profile "${profileId}" is unreachable: ${why}`))
        const arm = () => {
          clearTimeout(timer)
          timer = setTimeout(() => fail(`no lag sample for ${Math.round(silence / 1000)} s`), silence).unref()
        }
        onSnapshot = (s) => {
          emit(s)
          silence = steady
          arm()
        }
        onFailure = (err) => fail(err instanceof Error ? err.message : String(err))
        if (r.lastError !== undefined) return onFailure(r.lastError)
        r.listeners.add(onSnapshot)
        r.failures.add(onFailure)
        arm()
        if (signal.aborted) resolve()
        signal.addEventListener('abort', () => resolve(), { once: true })
      })
    } finally {
      clearTimeout(timer)
      r.listeners.delete(onSnapshot)
      r.failures.delete(onFailure)
    }
  }

  async setRules(profileId: string, group: string, rules: Parameters<LagMonitor['setRules']>[1]) {
    const r = await this.open(profileId)
    // The monitor reads, changes and rewrites the whole rules file: one change at a time.
    await withFileLock(r.alertsFile, () => r.monitor.setRules(group, rules))
    return { group, rules }
  }

  /** Stops a profile's sampling and closes its connection. */
  private async stop(profileId: string): Promise<void> {
    const opening = this.running.get(profileId)
    if (!opening) return
    this.running.delete(profileId)
    const r = await opening.catch(() => undefined)
    if (!r) return
    r.stopped = true
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
