import { environmentColors, type Profile } from '../../shared/contract'
import type { ComponentName, ComponentState, ProfileHealth, Problem } from '../../shared/contract/health'
import { toApiError } from '../api/to-api-error'
import { withDeadline } from '../util/deadline'
import { componentFindings, flinkFindings, kafkaFindings, lagFindings, sortProblems, type Finding } from './derive'
import type { FlinkFacts, KafkaFacts, LagFacts } from './facts'
import { orderFindings } from './order-findings'
import type { OrderFacts } from './watched-orders'
import { flinkTile, kafkaTile, lagTile } from './tiles'
import type { TimelineEntry } from '../../shared/contract/timeline'

/** How one profile's facts are read; each read rejects when its component does not answer. */
export interface ProfileSources {
  kafka(): Promise<KafkaFacts>
  flink(): Promise<FlinkFacts>
  lag(): Promise<LagFacts>
  /** The pinned orders' last verdicts (answers at once after the first round). */
  orders?(): Promise<OrderFacts>
  /** Frees what a read that ran past its deadline still holds. */
  release(component: ComponentName): void
  close(): Promise<void>
}

export interface HealthTiming {
  /** How long one component may take to answer. */
  deadlineMs: number
  /** Evidence older than this is shown as stale. */
  staleAfterMs: number
}

const unknown = (configured: boolean): ComponentState => ({
  configured,
  state: 'unknown',
  since: null,
  observedAt: null,
})

/**
 * The health of one profile: its components read independently (one failing never delays another),
 * the last facts of each kept with their age, and the "since" of every problem carried across reads.
 */
export class ProfileHealthWatch {
  private readonly components: Record<ComponentName, ComponentState>
  private kafkaFacts: KafkaFacts | undefined
  private kafkaRate: number | null = null
  private flinkFacts: FlinkFacts | undefined
  private lagFacts: LagFacts | undefined
  private orderFacts: OrderFacts | undefined
  private expectedBrokers = 0
  private readonly since = new Map<string, number>()
  private readonly shown = new Map<string, Problem>()
  private last: ProfileHealth | undefined
  /** Problems that appeared, changed severity or cleared since the last drain (the incident timeline). */
  private changes: TimelineEntry[] = []

  constructor(
    readonly profile: Profile,
    private readonly sources: ProfileSources,
    private readonly timing: HealthTiming,
  ) {
    this.components = {
      kafka: unknown(profile.kafka.brokers.length > 0),
      flink: unknown(Boolean(profile.flink)),
      lag: unknown(profile.kafka.brokers.length > 0),
    }
  }

  private ordersRead: Promise<void> | undefined

  get latest(): ProfileHealth | undefined {
    return this.last
  }

  private async read<T>(name: ComponentName, reader: () => Promise<T>, accept: (facts: T) => void): Promise<void> {
    const c = this.components[name]
    if (!c.configured) return
    try {
      const facts = await withDeadline(this.label(name), this.timing.deadlineMs, reader(), () =>
        this.sources.release(name),
      )
      accept(facts)
      if (c.state !== 'up') Object.assign(c, { state: 'up', since: Date.now() })
      c.observedAt = Date.now()
      delete c.error
    } catch (err) {
      if (c.state !== 'down') Object.assign(c, { state: 'down', since: Date.now() })
      c.error = toApiError(err).message
    }
  }

  private label(name: ComponentName): string {
    if (name === 'kafka') return `Kafka ${this.profile.kafka.brokers.join(',')}`
    if (name === 'flink') return `Flink REST ${this.profile.flink?.url ?? ''}`
    return 'Lag sampling'
  }

  private acceptKafka(k: KafkaFacts): void {
    const prev = this.kafkaFacts
    if (prev?.logEndTotal != null && k.logEndTotal != null && k.observedAt > prev.observedAt) {
      this.kafkaRate = Math.max(0, ((k.logEndTotal - prev.logEndTotal) * 1000) / (k.observedAt - prev.observedAt))
    }
    this.kafkaFacts = k
    this.expectedBrokers = Math.max(this.expectedBrokers, k.brokers.length)
  }

  /** Reads every component once (in parallel, each within its deadline) and derives the problems. */
  async evaluate(): Promise<ProfileHealth> {
    await Promise.all([
      this.read(
        'kafka',
        () => this.sources.kafka(),
        (k) => this.acceptKafka(k),
      ),
      this.read(
        'flink',
        () => this.sources.flink(),
        (f) => (this.flinkFacts = f),
      ),
      this.read(
        'lag',
        () => this.sources.lag(),
        (l) => (this.lagFacts = l),
      ),
      this.readOrders(),
    ])
    this.last = this.compose(Date.now())
    return this.last
  }

  /** Not a component: a failed round keeps the last verdicts (Kafka's own problem says why). */
  private async readOrders(): Promise<void> {
    const orders = this.sources.orders
    if (!orders) return
    // Tracing the watched orders may take longer than a round may wait: the round goes on with the
    // last verdicts, and the read lands in the next one.
    this.ordersRead ??= withDeadline('Watched orders', this.timing.deadlineMs * 4, orders())
      .then(
        (facts) => void (this.orderFacts = facts),
        () => undefined, // kept: the last verdicts
      )
      .finally(() => (this.ordersRead = undefined))
    await withDeadline('Watched orders', this.timing.deadlineMs, this.ordersRead).catch(() => undefined)
  }

  private findings(now: number): Finding[] {
    const id = this.profile.id
    const kafkaDown = this.components.kafka.state === 'down'
    const out: Finding[] = [
      ...componentFindings(id, 'kafka', this.components.kafka, now),
      ...componentFindings(id, 'flink', this.components.flink, now),
      // Lag sampling fails because Kafka does: one cause, one problem.
      ...(kafkaDown ? [] : componentFindings(id, 'lag', this.components.lag, now)),
    ]
    if (this.kafkaFacts) out.push(...kafkaFindings(id, this.kafkaFacts, this.expectedBrokers))
    if (this.flinkFacts) out.push(...flinkFindings(id, this.flinkFacts))
    if (this.lagFacts) out.push(...lagFindings(id, this.lagFacts))
    if (this.orderFacts) out.push(...orderFindings(id, this.orderFacts))
    return out
  }

  drainChanges(): TimelineEntry[] {
    const out = this.changes
    this.changes = []
    return out
  }

  private record(type: TimelineEntry['type'], p: Problem, at: number): void {
    this.changes.push({
      at,
      profileId: this.profile.id,
      source: 'health',
      type,
      severity: p.severity,
      kind: p.kind,
      subject: `${p.subject.type} ${p.subject.name}`,
      summary: p.summary,
      link: p.link,
    })
  }

  private compose(now: number): ProfileHealth {
    const found = this.findings(now)
    const seen = new Set(found.map((f) => f.key))
    for (const key of this.since.keys()) if (!seen.has(key)) this.since.delete(key)
    for (const [key, p] of this.shown) {
      if (seen.has(key)) continue
      this.shown.delete(key)
      this.record('cleared', p, now)
    }
    const problems: Problem[] = found.map((f) => {
      if (!this.since.has(f.key)) this.since.set(f.key, Math.min(f.observedAt, now))
      const p = { ...f, since: this.since.get(f.key) ?? now, stale: now - f.observedAt > this.timing.staleAfterMs }
      const before = this.shown.get(f.key)
      if (!before) this.record('appeared', p, now)
      else if (before.severity !== p.severity) this.record('changed', p, now)
      this.shown.set(f.key, p)
      return p
    })
    return {
      id: this.profile.id,
      name: this.profile.name,
      environment: this.profile.environment,
      color: environmentColors[this.profile.environment],
      checkedAt: now,
      components: structuredClone(this.components),
      problems: sortProblems(problems),
      tiles: {
        kafka: this.kafkaFacts ? kafkaTile(this.kafkaFacts, this.expectedBrokers, this.kafkaRate) : null,
        flink: this.flinkFacts ? flinkTile(this.flinkFacts) : null,
        lag: this.lagFacts ? lagTile(this.lagFacts) : null,
      },
    }
  }

  close(): Promise<void> {
    return this.sources.close()
  }
}
