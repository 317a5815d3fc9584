import type { Profile } from '../../shared/contract'
import type { HealthReport, ProfileHealth } from '../../shared/contract/health'
import type { TimelineEntry } from '../../shared/contract/timeline'
import { ProfileHealthWatch, type HealthTiming, type ProfileSources } from './profile-health'

export interface HealthDeps {
  profiles(): Promise<Profile[]>
  sources(profile: Profile): ProfileSources
}

export interface HealthOptions extends Partial<HealthTiming> {
  /** Background evaluation cadence; null: evaluate only when asked (the CLI). */
  intervalMs: number | null
}

/**
 * The one health model: every profile's problems, read in the main process. Overview, alerts,
 * `keytrail status` and the incident timeline read it; none computes health on its own.
 */
export class HealthService {
  private readonly watches = new Map<string, ProfileHealthWatch>()
  private readonly listeners = new Set<(r: HealthReport) => void>()
  private readonly changeListeners = new Set<(c: TimelineEntry[]) => void>()
  private timer: NodeJS.Timeout | undefined
  private round: Promise<HealthReport> | undefined
  private closed = false
  private readonly timing: HealthTiming

  constructor(
    private readonly deps: HealthDeps,
    private readonly options: HealthOptions,
  ) {
    const interval = options.intervalMs ?? 10_000
    this.timing = {
      deadlineMs: options.deadlineMs ?? 5_000,
      staleAfterMs: options.staleAfterMs ?? Math.max(30_000, 3 * interval),
    }
  }

  /** Profiles added or changed get a fresh watch; removed ones are closed. */
  private async sync(): Promise<ProfileHealthWatch[]> {
    const profiles = await this.deps.profiles()
    const ids = new Set(profiles.map((p) => p.id))
    for (const [id, w] of this.watches) {
      if (!ids.has(id)) {
        this.watches.delete(id)
        void w.close()
      }
    }
    return profiles.map((p) => {
      const w = this.watches.get(p.id)
      if (w && JSON.stringify(w.profile) === JSON.stringify(p)) return w
      if (w) void w.close()
      const fresh = new ProfileHealthWatch(p, this.deps.sources(p), this.timing)
      this.watches.set(p.id, fresh)
      return fresh
    })
  }

  /** Called with every report of a round (alerts evaluate on it). */
  onReport(listener: (r: HealthReport) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Called with the problems that appeared, changed or cleared in a round. */
  onChanges(listener: (c: TimelineEntry[]) => void): () => void {
    this.changeListeners.add(listener)
    return () => this.changeListeners.delete(listener)
  }

  /** Evaluates every profile once; concurrent askers share the round. */
  evaluate(): Promise<HealthReport> {
    return (this.round ??= (async () => {
      try {
        const watches = await this.sync()
        const profiles = await Promise.all(watches.map((w) => w.evaluate()))
        const report = { checkedAt: Date.now(), profiles }
        const changes = watches.flatMap((w) => w.drainChanges())
        if (changes.length) for (const l of this.changeListeners) l(changes)
        for (const l of this.listeners) l(report)
        return report
      } finally {
        this.round = undefined
      }
    })())
  }

  private cached(): HealthReport | undefined {
    const profiles = [...this.watches.values()].map((w) => w.latest)
    if (profiles.length === 0 || profiles.some((p) => p === undefined)) return undefined
    const ps = profiles as ProfileHealth[]
    return { checkedAt: Math.min(...ps.map((p) => p.checkedAt)), profiles: ps }
  }

  /** The latest report (from the background round when one runs), optionally of one profile. */
  async report(profileId?: string): Promise<HealthReport> {
    this.start()
    const fresh = this.options.intervalMs !== null ? this.cached() : undefined
    const report = fresh ?? (await this.evaluate())
    return profileId ? { ...report, profiles: report.profiles.filter((p) => p.id === profileId) } : report
  }

  async watch(emit: (r: HealthReport) => void, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return
    this.listeners.add(emit)
    try {
      emit(await this.report())
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }))
    } finally {
      this.listeners.delete(emit)
    }
  }

  /** Starts the background rounds (long-running hosts); idempotent. */
  start(): void {
    if (this.options.intervalMs === null || this.timer || this.closed) return
    const tick = async () => {
      await this.evaluate().catch(() => undefined)
      if (!this.closed) this.timer = setTimeout(() => void tick(), this.options.intervalMs ?? 10_000).unref()
    }
    this.timer = setTimeout(() => void tick(), 0).unref()
  }

  async close(): Promise<void> {
    this.closed = true
    clearTimeout(this.timer)
    await this.round?.catch(() => undefined)
    await Promise.allSettled([...this.watches.values()].map((w) => w.close()))
    this.watches.clear()
  }
}
