import { z } from 'zod'
import { profileIdSchema } from './profiles'
import { jsonPathSchema, traceMapSchema } from './trace-map'

export * from './trace-map'
export * from './trace-limits'

const isoOrMs = z.union([z.number().int().min(0), z.string().trim().min(1).max(64)])

export const traceInputSchema = z.object({
  id: profileIdSchema,
  entityId: z.string().trim().min(1).max(500),
  /** A time hint: epoch ms, ISO time, or a relative time such as "-15m". */
  since: isoOrMs.optional(),
  until: isoOrMs.optional(),
  topics: z.array(z.string().trim().min(1).max(249)).max(100).optional(),
  /** Show records of aborted transactions too (read_committed hides them). */
  includeAborted: z.boolean().default(false),
  /** Read every partition of every topic from start to end: no time window, no key pruning. */
  fullScan: z.boolean().default(false),
  /** After the trace, keep watching for new events of the entity. */
  follow: z.boolean().default(false),
})
export type TraceInput = z.input<typeof traceInputSchema>

export const valueFormats = ['json', 'text', 'avro', 'protobuf', 'binary', 'null'] as const

export const traceEventSchema = z.object({
  topic: z.string(),
  partition: z.number().int(),
  offset: z.number().int(),
  timestamp: z.number(),
  key: z.string().nullable(),
  keyFormat: z.enum(['text', 'binary', 'null', 'avro', 'protobuf', 'json']),
  /** Set when the key is in the Confluent wire format: its schema, and why it stayed raw, if it did. */
  keySchemaId: z.number().int().optional(),
  keyDecodeError: z.string().optional(),
  /**
   * By name, in record order. A repeated name, or `__proto__`, is shown as `name [n]` (its n-th
   * occurrence); a value that is not UTF-8 text as `base64:` and its base64. Capped: see `truncation`.
   */
  headers: z.record(z.string(), z.string()),
  /** As decoded, cut to a bounded preview (text prefix, or JSON of bounded size and depth): see `truncation`. */
  value: z.unknown(),
  valueFormat: z.enum(valueFormats),
  /** Why the value is shown raw (base64) instead of decoded. */
  decodeError: z.string().optional(),
  schemaId: z.number().int().optional(),
  tombstone: z.boolean(),
  aborted: z.boolean(),
  size: z.number().int(),
  type: z.string().optional(),
  eventId: z.string().optional(),
  causationId: z.string().optional(),
  occurredAt: z.number().optional(),
  /** The id and location that made it part of the story. */
  matchedBy: z.string(),
  /**
   * What was cut to keep the event small and safe to show, by part, in words (the record's full
   * size is `size`); absent when nothing was. The envelope fields are read from the whole value.
   */
  truncation: z
    .object({ key: z.string().optional(), value: z.string().optional(), headers: z.string().optional() })
    .optional(),
})
export type TraceEvent = z.infer<typeof traceEventSchema>

export const findingKinds = [
  'stuck',
  'duplicate',
  'out-of-order',
  'after-terminal',
  'clock-skew',
  'undecodable',
  'incomplete-window',
  'uncommitted',
  'registry',
] as const

export const traceFindingSchema = z.object({
  kind: z.enum(findingKinds),
  severity: z.enum(['info', 'warn', 'error']),
  message: z.string(),
  /** `topic/partition@offset` of the events concerned. */
  events: z.array(z.string()),
  /** Set on the one finding that stands for the findings of its kind left out of the list. */
  omitted: z.number().int().positive().optional(),
})
export type TraceFinding = z.infer<typeof traceFindingSchema>

export const traceVerdictSchema = z.object({
  status: z.enum(['complete', 'in-progress', 'stuck', 'not-found', 'no-flow']),
  summary: z.string(),
  lastType: z.string().optional(),
  stuckForMs: z.number().optional(),
  expected: z.string().optional(),
  findings: z.array(traceFindingSchema),
})
export type TraceVerdict = z.infer<typeof traceVerdictSchema>

export const partitionProgressSchema = z.object({
  topic: z.string(),
  partition: z.number().int(),
  from: z.number(),
  to: z.number(),
  position: z.number(),
  records: z.number().int(),
  bytes: z.number(),
  done: z.boolean(),
})
export type PartitionProgress = z.infer<typeof partitionProgressSchema>

export const traceStatsSchema = z.object({
  recordsScanned: z.number().int(),
  bytesScanned: z.number(),
  partitionsRead: z.number().int(),
  elapsedMs: z.number(),
  passes: z.number().int(),
  window: z.object({ from: z.number().nullable(), until: z.number().nullable() }),
  cancelled: z.boolean(),
})
export type TraceStats = z.infer<typeof traceStatsSchema>

/** What a running trace pushes: found events, progress, and once at the end the verdict. */
export const traceUpdateSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('events'), events: z.array(traceEventSchema) }),
  z.object({
    kind: z.literal('progress'),
    phase: z.string(),
    partitions: z.array(partitionProgressSchema),
    etaMs: z.number().nullable(),
    stats: traceStatsSchema,
  }),
  z.object({ kind: z.literal('done'), verdict: traceVerdictSchema, stats: traceStatsSchema }),
  z.object({ kind: z.literal('following'), verdict: traceVerdictSchema }),
])
export type TraceUpdate = z.infer<typeof traceUpdateSchema>

export const traceResultSchema = z.object({
  entityId: z.string(),
  events: z.array(traceEventSchema),
  verdict: traceVerdictSchema,
  stats: traceStatsSchema,
})
export type TraceResult = z.infer<typeof traceResultSchema>

export const findInputSchema = z.object({
  id: profileIdSchema,
  topics: z.array(z.string().trim().min(1).max(249)).max(100).optional(),
  /** How far back to look, e.g. "10m", "2h". */
  last: z
    .string()
    .regex(/^\d+[smhd]$/, 'e.g. 10m, 2h')
    .default('10m'),
  /** Matches a field: the event type, any id, or text anywhere in the value. */
  type: z.string().trim().max(200).optional(),
  text: z.string().trim().max(500).optional(),
  field: z.object({ path: jsonPathSchema, equals: z.string().max(500) }).optional(),
  limit: z.number().int().min(1).max(1000).default(200),
})
export type FindInput = z.input<typeof findInputSchema>

export const findResultSchema = z.object({
  hits: z.array(
    z.object({
      entityId: z.string().nullable(),
      type: z.string().optional(),
      topic: z.string(),
      partition: z.number().int(),
      offset: z.number().int(),
      timestamp: z.number(),
    }),
  ),
  recordsScanned: z.number().int(),
  /** Candidate records whose key or value could not be decoded (so they could not be matched). */
  undecodable: z.number().int(),
  /** The registry's refusal or outage, when there was one: the hits may be incomplete. */
  registryError: z.string().optional(),
  truncated: z.boolean(),
  /** Topics of the trace map the cluster does not have: skipped. */
  missingTopics: z.array(z.string()).default([]),
  /** Topics of the trace map an ACL refuses: skipped, each with the refusal as the console shows it. */
  deniedTopics: z.array(z.object({ topic: z.string(), message: z.string() })).default([]),
  /** Set when the search's time budget ran out before it read the whole window: the hits are those of what it read. */
  stoppedAfterMs: z.number().int().nonnegative().optional(),
})
export type FindResult = z.infer<typeof findResultSchema>

export const suggestResultSchema = z.object({
  map: traceMapSchema,
  evidence: z.array(z.object({ topic: z.string(), sampled: z.number().int(), notes: z.array(z.string()) })),
})
