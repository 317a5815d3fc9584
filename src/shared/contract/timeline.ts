import { z } from 'zod'
import { severities } from './health'
import { profileIdSchema } from './profiles'

export const timelineEntrySchema = z.object({
  at: z.number(),
  profileId: profileIdSchema,
  /** health: a problem appeared, changed severity or cleared; alert: an alert's life. */
  source: z.enum(['health', 'alert']),
  type: z.enum(['appeared', 'changed', 'cleared', 'fired', 'resolved', 'acknowledged', 'snoozed']),
  severity: z.enum(severities),
  kind: z.string(),
  subject: z.string(),
  summary: z.string(),
  link: z.string(),
})
export type TimelineEntry = z.infer<typeof timelineEntrySchema>

export const timelineInputSchema = z.object({
  id: profileIdSchema.optional(),
  /** Only entries whose subject contains this (a group, a job, "kafka"). */
  subject: z.string().trim().max(255).optional(),
  rangeMs: z
    .number()
    .int()
    .min(60_000)
    .max(7 * 86_400_000)
    .default(86_400_000),
})

export const timelineSchema = z.object({
  from: z.number(),
  to: z.number(),
  entries: z.array(timelineEntrySchema),
  /** Stored lines that could not be read (reported, not fatal). */
  skipped: z.number().int(),
})
export type Timeline = z.infer<typeof timelineSchema>
