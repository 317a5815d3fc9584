import { z } from 'zod'
import { problemSchema, severities } from './health'
import { profileIdSchema } from './profiles'

/** A built-in rule: which problems alert, and how long they must last first. */
export const alertRuleDefSchema = z.object({
  id: z.string(),
  title: z.string(),
  kinds: z.array(z.string()),
  severities: z.array(z.enum(severities)),
  /** The problem must last this long before it fires (a blip does not page). */
  forSeconds: z.number().int().min(0).max(86_400),
  enabled: z.boolean(),
})
export type AlertRuleDef = z.infer<typeof alertRuleDefSchema>

/** A profile's (or one subject's) change to a built-in rule. */
export const alertOverrideSchema = z.object({
  profileId: profileIdSchema,
  ruleId: z.string().trim().min(1).max(100),
  /** The subject's name (a group, a job); absent: every subject of the profile. */
  subject: z.string().trim().min(1).max(255).optional(),
  enabled: z.boolean().optional(),
  forSeconds: z.number().int().min(0).max(86_400).optional(),
})
export type AlertOverride = z.infer<typeof alertOverrideSchema>

export const alertStates = ['firing', 'acknowledged', 'snoozed'] as const

export const alertSchema = z.object({
  /** profile + rule + problem key: one alert per subject and rule. */
  key: z.string(),
  profileId: profileIdSchema,
  profileName: z.string(),
  environment: z.string(),
  ruleId: z.string(),
  state: z.enum(alertStates),
  firedAt: z.number(),
  /** Snoozed until then; null with state snoozed: until it resolves. */
  snoozedUntil: z.number().nullable(),
  /** When the problem was last seen (it clears only after being gone a while: no flapping). */
  lastSeenAt: z.number(),
  problem: problemSchema,
})
export type Alert = z.infer<typeof alertSchema>

export const alertEventSchema = z.object({
  at: z.number(),
  type: z.enum(['fired', 'resolved', 'acknowledged', 'snoozed']),
  key: z.string(),
  profileId: profileIdSchema,
  ruleId: z.string(),
  severity: z.enum(severities),
  summary: z.string(),
  link: z.string(),
  subject: z.string(),
})
export type AlertEvent = z.infer<typeof alertEventSchema>

export const alertsViewSchema = z.object({
  active: z.array(alertSchema),
  recent: z.array(alertEventSchema),
  rules: z.array(alertRuleDefSchema),
  overrides: z.array(alertOverrideSchema),
})
export type AlertsView = z.infer<typeof alertsViewSchema>

export const alertInputs = {
  list: z.object({ limit: z.number().int().min(1).max(1000).default(100) }),
  ack: z.object({ key: z.string().min(1).max(1000) }),
  snooze: z.object({ key: z.string().min(1).max(1000), for: z.enum(['15m', '1h', 'resolved']) }),
  override: z.object({ override: alertOverrideSchema, remove: z.boolean().default(false) }),
}
