import { z } from 'zod'
import { profileIdSchema } from './profiles'

export const lagStatuses = ['OK', 'WARN', 'STALL', 'STOP', 'REWIND'] as const
export type LagStatus = (typeof lagStatuses)[number]

export const lagVerdictSchema = z.object({
  status: z.enum(lagStatuses),
  reason: z.string(),
  /** How many commit observations the window holds (Burrow's completeness). */
  window: z.number().int(),
})
export type LagVerdict = z.infer<typeof lagVerdictSchema>

export const partitionLagSchema = z.object({
  topic: z.string(),
  partition: z.number().int(),
  committedOffset: z.number().int().nullable(),
  logEndOffset: z.number().int(),
  lag: z.number().int().nullable(),
  lagSeconds: z.number().nullable(),
  lagSecondsKind: z.enum(['exact', 'estimated']).nullable(),
  owner: z.object({ memberId: z.string(), clientId: z.string(), host: z.string() }).nullable(),
  produceRate: z.number().nullable(),
  consumeRate: z.number().nullable(),
  /** Seconds until caught up at the current rates; null when not catching up. */
  catchUpSeconds: z.number().nullable(),
  verdict: lagVerdictSchema,
  /** What the Flink job itself reports for this partition, when a job owns the group. */
  flinkCurrentOffset: z.number().nullable().optional(),
})
export type PartitionLag = z.infer<typeof partitionLagSchema>

export const flinkLagSchema = z.object({
  jid: z.string(),
  name: z.string(),
  state: z.string(),
  checkpointIntervalMs: z.number().nullable(),
  lastCheckpointAt: z.number().nullable(),
  pendingRecords: z.number().nullable(),
  currentEmitEventTimeLagMs: z.number().nullable(),
  /** Why Flink's figures and the committed-offset lag differ. */
  explanation: z.string(),
})
export type FlinkLag = z.infer<typeof flinkLagSchema>

export const groupSummarySchema = z.object({
  group: z.string(),
  state: z.string(),
  protocol: z.string(),
  members: z.number().int(),
  topics: z.array(z.string()),
  totalLag: z.number().int(),
  maxLagSeconds: z.number().nullable(),
  lagSecondsKind: z.enum(['exact', 'estimated']).nullable(),
  verdict: lagVerdictSchema,
  flinkJob: z.string().nullable(),
  alerts: z.array(z.string()),
})
export type GroupSummary = z.infer<typeof groupSummarySchema>

export const lagSnapshotSchema = z.object({
  sampledAt: z.number(),
  intervalMs: z.number(),
  groups: z.array(groupSummarySchema),
  /** Why this sample could not be stored in the lag history (a full or read-only state directory). */
  historyUnsaved: z.string().nullable().optional(),
})
export type LagSnapshot = z.infer<typeof lagSnapshotSchema>

export const alertRuleSchema = z.object({
  /** Fires when lag in seconds stays above this … */
  lagSecondsAbove: z
    .number()
    .min(0)
    .max(30 * 86_400)
    .optional(),
  /** … for this long. */
  forSeconds: z.number().int().min(0).max(86_400).default(60),
  /** Fires while the verdict is not OK. */
  verdictNotOk: z.boolean().default(false),
})
export type AlertRule = z.infer<typeof alertRuleSchema>

export const groupDetailSchema = z.object({
  summary: groupSummarySchema,
  partitions: z.array(partitionLagSchema),
  flink: flinkLagSchema.nullable(),
  rules: alertRuleSchema.nullable(),
  sampledAt: z.number(),
})
export type GroupDetail = z.infer<typeof groupDetailSchema>

export const lagPointSchema = z.object({
  t: z.number(),
  lag: z.number(),
  lagSeconds: z.number().nullable(),
  produceRate: z.number().nullable(),
  consumeRate: z.number().nullable(),
  status: z.enum(lagStatuses),
})
export const lagHistorySchema = z.object({
  group: z.string(),
  points: z.array(lagPointSchema),
  /** Per partition ("topic/partition"): [t, lag, lagSeconds] rows, newest range only. */
  partitions: z.record(z.string(), z.array(z.tuple([z.number(), z.number(), z.number().nullable()]))),
})
export type LagHistory = z.infer<typeof lagHistorySchema>

export const lagInputs = {
  byProfile: z.object({ id: profileIdSchema }),
  byGroup: z.object({ id: profileIdSchema, group: z.string().trim().min(1).max(255) }),
  history: z.object({
    id: profileIdSchema,
    group: z.string().trim().min(1).max(255),
    rangeMs: z
      .number()
      .int()
      .min(60_000)
      .max(7 * 86_400_000)
      .default(3_600_000),
  }),
  watch: z.object({ id: profileIdSchema }),
  rules: z.object({ id: profileIdSchema, group: z.string().trim().min(1).max(255), rules: alertRuleSchema.nullable() }),
}
