import { promises as fs } from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { ApiError } from '../../shared/contract'
import {
  alertEventSchema,
  alertOverrideSchema,
  alertSchema,
  type AlertEvent,
  type AlertOverride,
  type AlertsView,
} from '../../shared/contract/alerts'
import type { HealthReport } from '../../shared/contract/health'
import { writeFileAtomic } from '../util/atomic-write'
import { acknowledge, dropProfiles, emptyBook, snooze, stepAlerts, type AlertBook } from './alert-engine'
import { JsonLinesLog } from '../util/json-lines-log'
import { DEFAULT_RULES } from './default-rules'
import { postWebhook } from './webhook'

const stateSchema = z.object({
  active: z.array(alertSchema).default([]),
  pending: z.record(z.string(), z.number()).default({}),
  overrides: z.array(alertOverrideSchema).default([]),
})

const SNOOZE_MS = { '15m': 15 * 60_000, '1h': 3_600_000, resolved: null } as const

export interface AlertServiceOptions {
  /** Posts fired and resolved alerts as JSON (with a Slack-compatible `text`). */
  webhook?: string
}

/**
 * Alerts over the health model: evaluated in the main process on every health report, kept on disk
 * (state and a history of events) so that a restart neither forgets nor re-fires them.
 */
export class AlertService {
  private book: AlertBook = emptyBook()
  private overrides: AlertOverride[] = []
  private loaded: Promise<void> | undefined
  private readonly history: JsonLinesLog<AlertEvent>
  private readonly stateFile: string
  private readonly listeners = new Set<(e: AlertEvent) => void>()
  private saving: Promise<void> = Promise.resolve()

  constructor(
    dir: string,
    private readonly options: AlertServiceOptions = {},
  ) {
    this.history = new JsonLinesLog(path.join(dir, 'history.jsonl'), alertEventSchema)
    this.stateFile = path.join(dir, 'state.json')
  }

  private load(): Promise<void> {
    return (this.loaded ??= (async () => {
      try {
        const state = stateSchema.parse(JSON.parse(await fs.readFile(this.stateFile, 'utf8')))
        this.book = {
          active: new Map(state.active.map((a) => [a.key, a])),
          pending: new Map(Object.entries(state.pending)),
        }
        this.overrides = state.overrides
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
          process.stderr.write(`[keytrail] alert state unreadable, starting empty: ${String(err)}\n`)
        }
      }
    })())
  }

  private save(): Promise<void> {
    const state = {
      active: [...this.book.active.values()],
      pending: Object.fromEntries(this.book.pending),
      overrides: this.overrides,
    }
    this.saving = this.saving
      .then(() => writeFileAtomic(this.stateFile, JSON.stringify(state)))
      .catch((err: unknown) => void process.stderr.write(`[keytrail] alert state not saved: ${String(err)}\n`))
    return this.saving
  }

  private async publish(events: AlertEvent[]): Promise<void> {
    if (events.length === 0) return
    await Promise.all([this.save(), this.history.append(events)])
    for (const e of events) for (const l of this.listeners) l(e)
    const hook = this.options.webhook
    if (hook) for (const e of events) if (e.type === 'fired' || e.type === 'resolved') void postWebhook(hook, e)
  }

  /** Steps every profile of a health report; returns the events it produced. */
  async observe(report: HealthReport, now = Date.now()): Promise<AlertEvent[]> {
    await this.load()
    const events = dropProfiles(this.book, new Set(report.profiles.map((p) => p.id)), now)
    for (const p of report.profiles) events.push(...stepAlerts(this.book, p, this.overrides, now))
    await this.publish(events)
    if (events.length === 0 && this.book.pending.size > 0) await this.save()
    return events
  }

  async list(limit: number): Promise<AlertsView> {
    await this.load()
    const { events } = await this.history.read(Date.now() - 86_400_000)
    return {
      active: [...this.book.active.values()].sort((a, b) => b.firedAt - a.firedAt),
      recent: events.slice(-limit).reverse(),
      rules: DEFAULT_RULES,
      overrides: this.overrides,
    }
  }

  /** Alert events since a time (the incident timeline reads them). */
  async events(since: number) {
    return this.history.read(since)
  }

  async ack(key: string): Promise<AlertsView['active'][number]> {
    await this.load()
    const e = acknowledge(this.book, key, Date.now())
    if (e) await this.publish([e])
    return this.expect(key)
  }

  async snooze(key: string, span: keyof typeof SNOOZE_MS): Promise<AlertsView['active'][number]> {
    await this.load()
    const e = snooze(this.book, key, SNOOZE_MS[span], Date.now())
    if (e) await this.publish([e])
    return this.expect(key)
  }

  private async expect(key: string) {
    const a = this.book.active.get(key)
    if (!a) throw new ApiError('NOT_FOUND', `No active alert "${key}"`)
    await this.save()
    return a
  }

  async setOverride(o: AlertOverride, remove: boolean): Promise<AlertOverride[]> {
    await this.load()
    const same = (x: AlertOverride) => x.profileId === o.profileId && x.ruleId === o.ruleId && x.subject === o.subject
    if (!DEFAULT_RULES.some((r) => r.id === o.ruleId)) throw new ApiError('INVALID_INPUT', `No rule "${o.ruleId}"`)
    this.overrides = [...this.overrides.filter((x) => !same(x)), ...(remove ? [] : [o])]
    await this.save()
    return this.overrides
  }

  /** Every event as it happens (desktop and browser notifications). */
  async watch(emit: (e: AlertEvent) => void, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return
    this.listeners.add(emit)
    await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }))
    this.listeners.delete(emit)
  }

  async close(): Promise<void> {
    await this.saving
  }
}
