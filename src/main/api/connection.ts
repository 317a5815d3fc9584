import type { Subscription } from '../../shared/client'
import { ApiError } from '../../shared/contract'
import { clientMessageSchema, type ServerMessage } from '../../shared/wire'
import type { CallContext, Router } from './router'

/** Most subscriptions one client may hold at once; protects the host from a runaway page. */
const MAX_SUBSCRIPTIONS = 256

/**
 * One client's session over any message transport (a WebSocket, a renderer's IPC channel):
 * parses what the client sends, runs it through the router, and tracks its subscriptions so
 * that they all stop when the client goes away.
 */
export class Connection {
  private readonly subs = new Map<number, Subscription>()
  private closed = false

  constructor(
    private readonly router: Router,
    private readonly send: (msg: ServerMessage) => void,
    private readonly ctx: CallContext,
  ) {}

  get subscriptionCount(): number {
    return this.subs.size
  }

  /** Handles one raw message from the client. Bad messages answer with an error, never throw. */
  receive(raw: unknown): void {
    if (this.closed) return
    const parsed = clientMessageSchema.safeParse(raw)
    if (!parsed.success) {
      const maybeId = (raw as { id?: unknown } | null)?.id
      const id = typeof maybeId === 'number' && Number.isSafeInteger(maybeId) && maybeId >= 0 ? maybeId : 0
      this.send({ t: 'result', id, ok: false, error: new ApiError('INVALID_INPUT', 'Malformed message').toJSON() })
      return
    }
    const msg = parsed.data
    switch (msg.t) {
      case 'call':
        void this.router.call(msg.method, msg.input, this.ctx).then((res) => {
          if (this.closed) return
          this.send(
            res.ok
              ? { t: 'result', id: msg.id, ok: true, value: res.value }
              : { t: 'result', id: msg.id, ok: false, error: res.error.toJSON() },
          )
        })
        return
      case 'sub': {
        if (this.subs.has(msg.id) || this.subs.size >= MAX_SUBSCRIPTIONS) {
          const reason = this.subs.has(msg.id) ? 'Subscription id in use' : 'Too many subscriptions'
          this.send({ t: 'error', id: msg.id, error: new ApiError('CONFLICT', reason).toJSON() })
          return
        }
        // The sink may finish before subscribe returns (unknown method, invalid input).
        let done = false
        const sub = this.router.subscribe(
          msg.method,
          msg.input,
          {
            event: (data) => {
              if (!this.closed) this.send({ t: 'event', id: msg.id, data })
            },
            end: () => {
              done = true
              this.subs.delete(msg.id)
              if (!this.closed) this.send({ t: 'end', id: msg.id })
            },
            error: (error) => {
              done = true
              this.subs.delete(msg.id)
              if (!this.closed) this.send({ t: 'error', id: msg.id, error: error.toJSON() })
            },
          },
          this.ctx,
        )
        if (!done) this.subs.set(msg.id, sub)
        return
      }
      case 'unsub': {
        const sub = this.subs.get(msg.id)
        this.subs.delete(msg.id)
        sub?.unsubscribe()
        return
      }
      case 'stop':
        // Kept until it ends: its final events and its end still go to the client.
        this.subs.get(msg.id)?.stop()
        return
    }
  }

  /** Stops every subscription; later messages are ignored. */
  close(): void {
    this.closed = true
    for (const sub of this.subs.values()) sub.unsubscribe()
    this.subs.clear()
  }

  /** Drops every subscription but keeps the session (a renderer reload). */
  reset(): void {
    for (const sub of this.subs.values()) sub.unsubscribe()
    this.subs.clear()
  }
}
