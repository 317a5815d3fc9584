import {
  ApiError,
  type CallNames,
  type Contract,
  type EventOf,
  type InputOf,
  type OutputOf,
  type SubscriptionNames,
} from './contract'
import { serverMessageSchema, type ClientMessage } from './wire'

export interface SubscriptionHandlers<E> {
  event: (event: E) => void
  end?: () => void
  error?: (error: ApiError) => void
}

/** A running subscription, as its client holds it. */
export interface Subscription {
  /** Stops it at once: nothing more is delivered. */
  unsubscribe(): void
  /** Asks it to stop: its final events (a trace's verdict on what it read) still arrive, then `end`. */
  stop(): void
}

/** What the renderer (and any other client) uses to reach the core, whatever the transport. */
export interface Backend {
  call<K extends CallNames<Contract>>(method: K, input: InputOf<Contract, K>): Promise<OutputOf<Contract, K>>
  subscribe<K extends SubscriptionNames<Contract>>(
    method: K,
    input: InputOf<Contract, K>,
    handlers: SubscriptionHandlers<EventOf<Contract, K>>,
  ): Subscription
}

export interface WireClient extends Backend {
  /** Feed one message the server sent. */
  receive(raw: unknown): void
  /** The channel is gone: fail pending calls, end subscriptions with an error. */
  disconnect(reason: string): void
}

/** A client of the wire protocol over any message channel (WebSocket, Electron IPC). */
export function createWireClient(send: (msg: ClientMessage) => void): WireClient {
  let nextId = 1
  const calls = new Map<number, { resolve: (v: unknown) => void; reject: (e: ApiError) => void }>()
  const subs = new Map<number, SubscriptionHandlers<unknown>>()

  return {
    call(method, input) {
      const id = nextId++
      return new Promise((resolve, reject) => {
        calls.set(id, { resolve: resolve as (v: unknown) => void, reject })
        try {
          send({ t: 'call', id, method, input })
        } catch (err) {
          calls.delete(id)
          reject(new ApiError('UNAVAILABLE', err instanceof Error ? err.message : String(err)))
        }
      })
    },

    subscribe(method, input, handlers) {
      const id = nextId++
      subs.set(id, handlers as SubscriptionHandlers<unknown>)
      try {
        send({ t: 'sub', id, method, input })
      } catch (err) {
        subs.delete(id)
        handlers.error?.(new ApiError('UNAVAILABLE', err instanceof Error ? err.message : String(err)))
      }
      const tell = (msg: ClientMessage): void => {
        try {
          send(msg)
        } catch {
          // channel already gone: nothing to stop on the other side
        }
      }
      return {
        unsubscribe: () => {
          if (subs.delete(id)) tell({ t: 'unsub', id })
        },
        stop: () => {
          if (subs.has(id)) tell({ t: 'stop', id })
        },
      }
    },

    receive(raw) {
      const parsed = serverMessageSchema.safeParse(raw)
      if (!parsed.success) return
      const msg = parsed.data
      if (msg.t === 'result') {
        const pending = calls.get(msg.id)
        if (!pending) return
        calls.delete(msg.id)
        if (msg.ok) pending.resolve(msg.value)
        else pending.reject(ApiError.from(msg.error))
        return
      }
      const sub = subs.get(msg.id)
      if (!sub) return
      if (msg.t === 'event') sub.event(msg.data)
      else {
        subs.delete(msg.id)
        if (msg.t === 'end') sub.end?.()
        else sub.error?.(ApiError.from(msg.error))
      }
    },

    disconnect(reason) {
      const error = new ApiError('UNAVAILABLE', reason)
      for (const pending of calls.values()) pending.reject(error)
      calls.clear()
      for (const sub of subs.values()) sub.error?.(error)
      subs.clear()
    },
  }
}
