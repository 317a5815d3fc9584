import { z } from 'zod'
import { apiErrorSchema } from './contract/errors'

/**
 * Messages that carry the contract over a byte/message channel (WebSocket in browser mode,
 * IPC in Electron). Ids are chosen by the client and scope one call or one subscription.
 */
const id = z.number().int().nonnegative()

export const clientMessageSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('call'), id, method: z.string().max(200), input: z.unknown() }),
  z.object({ t: z.literal('sub'), id, method: z.string().max(200), input: z.unknown() }),
  z.object({ t: z.literal('unsub'), id }),
  /** Ask a subscription to stop: its last events (e.g. a trace's verdict) still arrive, then `end`. */
  z.object({ t: z.literal('stop'), id }),
])

// A plain union: two variants share t='result' (told apart by ok).
export const serverMessageSchema = z.union([
  z.object({ t: z.literal('result'), id, ok: z.literal(true), value: z.unknown() }),
  z.object({ t: z.literal('result'), id, ok: z.literal(false), error: apiErrorSchema }),
  z.object({ t: z.literal('event'), id, data: z.unknown() }),
  z.object({ t: z.literal('end'), id }),
  z.object({ t: z.literal('error'), id, error: apiErrorSchema }),
])

export type ClientMessage = z.infer<typeof clientMessageSchema>
export type ServerMessage =
  | { t: 'result'; id: number; ok: true; value: unknown }
  | { t: 'result'; id: number; ok: false; error: z.infer<typeof apiErrorSchema> }
  | { t: 'event'; id: number; data: unknown }
  | { t: 'end'; id: number }
  | { t: 'error'; id: number; error: z.infer<typeof apiErrorSchema> }
