import { z } from 'zod'

/** `$.a.b[0].c`: the subset of JSONPath a trace map needs to point at one field. */
export const jsonPathSchema = z
  .string()
  .trim()
  .regex(/^\$(\.[A-Za-z_$][\w$-]*|\[\d+\])+$/, 'expected a JSON path such as $.orderId')

const idKindSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z][\w-]{0,63}$/, 'a name such as orderId')

/** Where, in a record of a topic, an id of some kind lives. */
export const idLocationSchema = z.discriminatedUnion('from', [
  z.object({ from: z.literal('key'), kind: idKindSchema }),
  z.object({ from: z.literal('value'), path: jsonPathSchema, kind: idKindSchema }),
  z.object({ from: z.literal('header'), name: z.string().trim().min(1).max(200), kind: idKindSchema }),
])
export type IdLocation = z.infer<typeof idLocationSchema>

export const traceTopicSchema = z.object({
  topic: z.string().trim().min(1).max(249),
  /** A record belongs to the entity when any of these holds one of its ids. */
  ids: z.array(idLocationSchema).min(1).max(8),
  /** Fields that lead to other ids of the same entity (e.g. $.paymentId). */
  links: z
    .array(z.object({ path: jsonPathSchema, kind: idKindSchema }))
    .max(8)
    .default([]),
})
export type TraceTopic = z.infer<typeof traceTopicSchema>

export const flowStepSchema = z.object({
  type: z.string().trim().min(1).max(200),
  /** The step it follows; the previous step when absent. */
  after: z.string().trim().min(1).max(200).optional(),
  /** How long after `after` it may come. */
  withinMs: z
    .number()
    .int()
    .min(1)
    .max(30 * 86_400_000),
})

export const traceFlowSchema = z.object({
  steps: z.array(flowStepSchema).min(1).max(50),
  /** Types that end the entity's story; anything after one is flagged. */
  terminal: z.array(z.string().trim().min(1).max(200)).max(20).default([]),
})
export type TraceFlow = z.infer<typeof traceFlowSchema>

/** How to follow one entity across topics: stored with the profile. */
export const traceMapSchema = z.object({
  entity: z.string().trim().min(1).max(100).default('entity'),
  /** The kind of id a trace starts from (e.g. orderId). */
  rootKind: idKindSchema,
  typePath: jsonPathSchema.default('$.type'),
  eventIdPath: jsonPathSchema.default('$.eventId'),
  causationPath: jsonPathSchema.default('$.causationId'),
  occurredAtPath: jsonPathSchema.default('$.occurredAt'),
  topics: z.array(traceTopicSchema).min(1).max(100),
  flow: traceFlowSchema.optional(),
})
export type TraceMap = z.infer<typeof traceMapSchema>
export type TraceMapInput = z.input<typeof traceMapSchema>
