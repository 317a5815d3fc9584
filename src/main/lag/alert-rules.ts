import { promises as fs } from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { alertRuleSchema, type AlertRule, type LagStatus } from '../../shared/contract/lag'
import { writeFileAtomic } from '../util/atomic-write'

const rulesFileSchema = z.record(z.string(), alertRuleSchema)

/**
 * A profile's lag alert rules per group, kept in one JSON file, and which of them fire now. A
 * time-lag rule fires only once its condition has held for the rule's `forSeconds`, so the store
 * remembers since when each group has been above its threshold.
 */
export class AlertRuleStore {
  private rules: Record<string, AlertRule> | undefined
  private readonly aboveSince = new Map<string, number>()

  constructor(private readonly file: string) {}

  /** The rules on disk; none when the file is missing or unreadable. */
  async all(): Promise<Record<string, AlertRule>> {
    if (!this.rules) {
      try {
        this.rules = rulesFileSchema.parse(JSON.parse(await fs.readFile(this.file, 'utf8')))
      } catch {
        this.rules = {}
      }
    }
    return this.rules
  }

  /** Sets (or with null removes) a group's rule and writes the file. */
  async set(group: string, rule: AlertRule | null): Promise<void> {
    const rules = { ...(await this.all()) }
    if (rule) rules[group] = rule
    else delete rules[group]
    await this.write(rules)
    this.rules = rules
  }

  // The one place the rules reach the disk.
  private async write(rules: Record<string, AlertRule>): Promise<void> {
    await fs.mkdir(path.dirname(this.file), { recursive: true })
    await writeFileAtomic(this.file, JSON.stringify(rules, null, 2))
  }

  /** The alerts a group's rule raises for this sample, as sentences. */
  firing(group: string, rule: AlertRule | null, lagSeconds: number | null, status: LagStatus, now: number): string[] {
    if (!rule) return []
    const out: string[] = []
    if (rule.verdictNotOk && status !== 'OK') out.push(`verdict is ${status}`)
    if (rule.lagSecondsAbove === undefined) return out
    if (lagSeconds === null || lagSeconds <= rule.lagSecondsAbove) {
      this.aboveSince.delete(group)
      return out
    }
    const since = this.aboveSince.get(group) ?? now
    this.aboveSince.set(group, since)
    if (now - since >= rule.forSeconds * 1000) {
      out.push(
        `lag ${Math.round(lagSeconds)} s above ${rule.lagSecondsAbove} s for ${Math.round((now - since) / 1000)} s`,
      )
    }
    return out
  }
}
