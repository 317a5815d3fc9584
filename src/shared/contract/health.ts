import { z } from 'zod'
import { environments, profileIdSchema } from './profiles'

export const severities = ['critical', 'warning', 'info'] as const
export type Severity = (typeof severities)[number]

export const subjectTypes = ['component', 'cluster', 'broker', 'topic', 'group', 'job', 'checkpoint', 'order'] as const

export const problemSubjectSchema = z.object({
  type: z.enum(subjectTypes),
  /** What an engineer would type: the group, the job name, "kafka". */
  name: z.string(),
})
export type ProblemSubject = z.infer<typeof problemSubjectSchema>

/** One figure behind a verdict: what was measured, when. */
export const evidenceSchema = z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.null()]))

export const problemSchema = z.object({
  /** Stable across evaluations: kind + subject. Alerts and "since" hang on it. */
  key: z.string(),
  severity: z.enum(severities),
  kind: z.string(),
  subject: problemSubjectSchema,
  /** When the condition was first seen, without interruption (ms since the epoch). */
  since: z.number(),
  summary: z.string(),
  evidence: evidenceSchema,
  /** When the evidence was read from its source. */
  observedAt: z.number(),
  /** The evidence is older than its source's cadence (the source is not answering). */
  stale: z.boolean(),
  /** Hash route of the view that shows the evidence (profile included). */
  link: z.string(),
})
export type Problem = z.infer<typeof problemSchema>

export const componentNames = ['kafka', 'flink', 'lag'] as const
export type ComponentName = (typeof componentNames)[number]

export const componentStateSchema = z.object({
  configured: z.boolean(),
  /** up: last read succeeded; down: the last read failed; unknown: not read yet. */
  state: z.enum(['up', 'down', 'unknown']),
  /** Since when in that state. */
  since: z.number().nullable(),
  /** The last successful read. */
  observedAt: z.number().nullable(),
  error: z.string().optional(),
})
export type ComponentState = z.infer<typeof componentStateSchema>

export const kafkaTileSchema = z.object({
  brokers: z.number().int(),
  /** The most brokers seen alive since this host started watching. */
  expectedBrokers: z.number().int(),
  controller: z.number().int().nullable(),
  topics: z.number().int(),
  partitions: z.number().int(),
  underReplicated: z.number().int(),
  offline: z.number().int(),
  /** Records per second written, from log-end offset deltas; null until two reads. */
  inPerSec: z.number().nullable(),
})
export type KafkaTile = z.infer<typeof kafkaTileSchema>

export const flinkTileSchema = z.object({
  version: z.string(),
  running: z.number().int(),
  restarting: z.number().int(),
  failed: z.number().int(),
  other: z.number().int(),
  /** Running jobs whose checkpoint detectors all stay quiet. */
  checkpointsHealthy: z.number().int(),
})
export type FlinkTile = z.infer<typeof flinkTileSchema>

export const lagTileSchema = z.object({
  groups: z.number().int(),
  notOk: z.number().int(),
  worst: z.array(
    z.object({ group: z.string(), status: z.string(), lag: z.number(), lagSeconds: z.number().nullable() }),
  ),
})
export type LagTile = z.infer<typeof lagTileSchema>

export const profileHealthSchema = z.object({
  id: profileIdSchema,
  name: z.string(),
  environment: z.enum(environments),
  color: z.string(),
  checkedAt: z.number(),
  components: z.object({ kafka: componentStateSchema, flink: componentStateSchema, lag: componentStateSchema }),
  problems: z.array(problemSchema),
  tiles: z.object({
    kafka: kafkaTileSchema.nullable(),
    flink: flinkTileSchema.nullable(),
    lag: lagTileSchema.nullable(),
  }),
})
export type ProfileHealth = z.infer<typeof profileHealthSchema>

export const healthReportSchema = z.object({
  checkedAt: z.number(),
  profiles: z.array(profileHealthSchema),
})
export type HealthReport = z.infer<typeof healthReportSchema>

export const healthInputs = {
  /** One profile, or every profile when no id is given. */
  status: z.object({ id: profileIdSchema.optional() }),
}
