import path from 'node:path'
import type { z } from 'zod'
import {
  timelineEntrySchema,
  type Timeline,
  type TimelineEntry,
  timelineInputSchema,
} from '../../shared/contract/timeline'
import type { AlertService } from '../alerts/alert-service'
import { JsonLinesLog } from '../util/json-lines-log'

/**
 * The incident timeline: every state change the health model saw (a problem appeared, changed
 * severity, cleared) and every alert event, in one chronological list across sources.
 */
export class IncidentTimeline {
  private readonly log: JsonLinesLog<TimelineEntry>

  constructor(
    dir: string,
    private readonly alerts: AlertService,
  ) {
    this.log = new JsonLinesLog(path.join(dir, 'health-changes.jsonl'), timelineEntrySchema)
  }

  record(changes: TimelineEntry[]): Promise<void> {
    return this.log.append(changes)
  }

  async read(input: z.output<typeof timelineInputSchema>, now = Date.now()): Promise<Timeline> {
    const from = now - input.rangeMs
    const [health, alerts] = await Promise.all([this.log.read(from), this.alerts.events(from)])
    const fromAlerts: TimelineEntry[] = alerts.events.map((e) => ({
      at: e.at,
      profileId: e.profileId,
      source: 'alert',
      type: e.type,
      severity: e.severity,
      kind: e.ruleId,
      subject: e.subject,
      summary: e.summary,
      link: e.link,
    }))
    const needle = input.subject?.toLowerCase()
    const entries = [...health.events, ...fromAlerts]
      .filter((e) => (!input.id || e.profileId === input.id) && (!needle || e.subject.toLowerCase().includes(needle)))
      .sort((a, b) => a.at - b.at)
    return { from, to: now, entries, skipped: health.skipped + alerts.skipped }
  }
}
