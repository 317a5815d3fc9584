import { z } from 'zod'
import { profileIdSchema } from './profiles'
import { traceVerdictSchema } from './trace'

/** An entity id as an engineer pastes it: no whitespace or control characters inside. */
export const watchedIdSchema = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[^\s\p{Cc}]+$/u, 'an id has no spaces or control characters')

export const watchedOrderSchema = z.object({
  profileId: profileIdSchema,
  entityId: watchedIdSchema,
  /** When the engineer pinned it (ms since the epoch). */
  pinnedAt: z.number(),
  /** The verdict of the last trace of it, and when that ran; null until the first. */
  status: traceVerdictSchema.shape.status.nullable(),
  summary: z.string().nullable(),
  checkedAt: z.number().nullable(),
  /** It was stuck at some check (its watch ends once that resolves). */
  wasStuck: z.boolean(),
  /** Why the last check gave no verdict (the verdict above is from an earlier one); absent when it did. */
  checkError: z.string().max(1000).optional(),
})
export type WatchedOrder = z.infer<typeof watchedOrderSchema>

export const watchListSchema = z.object({ watches: z.array(watchedOrderSchema) })
export type WatchList = z.infer<typeof watchListSchema>

export const watchInputs = {
  /** Pin (on) or unpin (off) an id in a profile. */
  set: z.object({ id: profileIdSchema, entityId: watchedIdSchema, on: z.boolean() }),
  /** One profile's watches, or every profile's. */
  list: z.object({ id: profileIdSchema.optional() }),
}
