import {
  ApiError,
  contract,
  type CallNames,
  type Contract,
  type EventOf,
  type OutputOf,
  type ParsedInputOf,
  type SubscriptionNames,
} from '../../../shared/contract'
import type { Subscription, SubscriptionHandlers } from '../../../shared/client'
import type { RendererBackend } from '../backend/types'

type Calls = CallNames<Contract>
type Subs = SubscriptionNames<Contract>

export type CallHandler<K extends Calls> = (
  input: ParsedInputOf<Contract, K>,
) => OutputOf<Contract, K> | Promise<OutputOf<Contract, K>>

/**
 * What a fake subscription does: push events through `sink`; may return a cleanup run on
 * unsubscribe. `stopped` aborts when the client asks it to stop (it may still push its last events).
 */
export type SubscriptionHandler<K extends Subs> = (
  input: ParsedInputOf<Contract, K>,
  sink: Required<SubscriptionHandlers<EventOf<Contract, K>>>,
  stopped: AbortSignal,
) => (() => void) | void

export interface InMemoryHandlers {
  calls?: { [K in Calls]?: CallHandler<K> }
  subscriptions?: { [K in Subs]?: SubscriptionHandler<K> }
}

export interface InMemoryBackend extends RendererBackend {
  /** Every request made, with its input as the router would have parsed it, in order. */
  readonly requests: { method: string; input: unknown }[]
  inputsOf<K extends Calls | Subs>(method: K): ParsedInputOf<Contract, K>[]
}

/** Parses like the router: an input the contract refuses is INVALID_INPUT, with the same message. */
function parseInput(method: Calls | Subs, input: unknown): unknown {
  const parsed = contract[method].input.safeParse(input)
  if (parsed.success) return parsed.data
  throw new ApiError('INVALID_INPUT', `Invalid input for ${method}`, { issues: parsed.error.issues })
}

/**
 * The renderer's Backend in memory: inputs checked against the contract as the router does, and
 * every answer and pushed event checked against the contract too, so fixtures cannot drift from it.
 * Answers arrive asynchronously, as over a real transport.
 */
export function inMemoryBackend(handlers: InMemoryHandlers): InMemoryBackend {
  const requests: { method: string; input: unknown }[] = []
  const call = async (method: Calls, input: unknown): Promise<unknown> => {
    await Promise.resolve()
    const parsed = parseInput(method, input)
    requests.push({ method, input: parsed })
    const handler = handlers.calls?.[method] as ((i: unknown) => unknown) | undefined
    if (!handler) throw new ApiError('UNKNOWN_METHOD', `The in-memory backend does not answer ${method}`)
    return contract[method].output.parse(await handler(parsed))
  }
  const subscribe = (method: Subs, input: unknown, h: SubscriptionHandlers<unknown>): Subscription => {
    let open = true
    let cleanup: (() => void) | void = undefined
    const stopping = new AbortController()
    const sink = {
      event: (e: unknown) => open && h.event(contract[method].event.parse(e)),
      end: () => {
        if (open) h.end?.()
        open = false
      },
      error: (err: ApiError) => {
        if (open) h.error?.(err)
        open = false
      },
    }
    queueMicrotask(() => {
      if (!open) return
      try {
        const parsed = parseInput(method, input)
        requests.push({ method, input: parsed })
        const handler = handlers.subscriptions?.[method] as
          ((i: unknown, s: typeof sink, stopped: AbortSignal) => (() => void) | void) | undefined
        if (handler) cleanup = handler(parsed, sink, stopping.signal)
      } catch (err) {
        sink.error(err instanceof ApiError ? err : new ApiError('INTERNAL', String(err)))
      }
    })
    return {
      unsubscribe: () => {
        open = false
        cleanup?.()
      },
      stop: () => {
        if (open) stopping.abort()
      },
    }
  }
  return {
    transport: 'websocket',
    call: call as RendererBackend['call'],
    subscribe: subscribe as RendererBackend['subscribe'],
    state: () => 'open',
    onStateChange: () => () => undefined,
    requests,
    inputsOf: <K extends Calls | Subs>(method: K) =>
      requests.filter((r) => r.method === method).map((r) => r.input as ParsedInputOf<Contract, K>),
  }
}
