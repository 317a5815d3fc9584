import type { z } from 'zod'
import {
  ApiError,
  contract as defaultContract,
  type CallDef,
  type ContractShape,
  type SubscriptionDef,
} from '../../shared/contract'
import type { Subscription } from '../../shared/client'
import { withDeadline } from '../util/deadline'
import { Outages } from './outages'
import { toApiError } from './to-api-error'

/** Who is calling: the router refuses mutating calls unless the caller's profile allows them. */
export interface CallContext {
  readonly transport: 'ipc' | 'ws' | 'cli' | 'test'
}

type CallHandler<D> =
  D extends CallDef<infer I, infer O> ? (input: z.output<I>, ctx: CallContext) => Promise<z.input<O>> : never
type SubscriptionHandler<D> =
  D extends SubscriptionDef<infer I, infer E>
    ? (input: z.output<I>, emit: (event: z.input<E>) => void, signal: AbortSignal, ctx: CallContext) => Promise<void>
    : never

export type Handlers<C extends ContractShape> = {
  [K in keyof C]: C[K] extends CallDef ? CallHandler<C[K]> : SubscriptionHandler<C[K]>
}

export type CallResult = { ok: true; value: unknown } | { ok: false; error: ApiError }

export interface SubscriptionSink {
  event(data: unknown): void
  end(): void
  error(error: ApiError): void
}

export interface Router {
  call(method: string, input: unknown, ctx: CallContext): Promise<CallResult>
  /**
   * Starts a subscription. `unsubscribe` drops it at once; `stop` aborts the handler's signal with
   * `STOPPED` and still delivers what it emits until it returns, then ends. Never throws.
   */
  subscribe(method: string, input: unknown, sink: SubscriptionSink, ctx: CallContext): Subscription
}

/** The reason a handler's signal carries when the client asked its subscription to stop. */
export const STOPPED = new ApiError('CANCELLED', 'Stopped by the client')

/** Whether a handler's signal was aborted by a stop (its final emits are delivered), not an unsubscribe. */
export function isStopped(signal: AbortSignal): boolean {
  return signal.aborted && signal.reason === STOPPED
}

export interface RouterOptions {
  /** Parse handler outputs too (tests): a handler that breaks the contract fails loudly. */
  validateOutputs?: boolean
  onError?: (method: string, error: unknown) => void
  /** Decides whether a call marked `mutates` may run (read-only profiles); without it, none may. */
  authorizeMutation?: (method: string, input: unknown, ctx: CallContext) => Promise<void>
  /**
   * How long a read may take and whose silence it is when it does not answer: past it the caller
   * gets UNAVAILABLE naming the component (the late work finishes unobserved). Undefined: no limit.
   */
  deadline?: (method: string) => { ms: number; component: string } | undefined
}

const denyMutation = async (method: string): Promise<void> => {
  throw new ApiError('READ_ONLY', `${method} changes a cluster and this host allows no such action`)
}

function parseInput(schema: z.ZodType, input: unknown, method: string): unknown {
  const parsed = schema.safeParse(input ?? {})
  if (!parsed.success) {
    throw new ApiError('INVALID_INPUT', `Invalid input for ${method}`, {
      issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    })
  }
  return parsed.data
}

function checkOutput(schema: z.ZodType, value: unknown, method: string): unknown {
  const parsed = schema.safeParse(value)
  if (!parsed.success) {
    throw new ApiError('INVALID_OUTPUT', `${method} answered outside its contract`, {
      issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    })
  }
  return parsed.data
}

export function createRouter<C extends ContractShape = typeof defaultContract>(
  handlers: Handlers<C>,
  options: RouterOptions = {},
  contract: C = defaultContract as unknown as C,
): Router {
  const lookup = (method: string): C[keyof C] | undefined =>
    Object.prototype.hasOwnProperty.call(contract, method) ? contract[method as keyof C] : undefined
  const report = (method: string, err: unknown): ApiError => {
    const apiError = toApiError(err)
    if (apiError.code === 'INTERNAL' || apiError.code === 'INVALID_OUTPUT') options.onError?.(method, err)
    return apiError
  }

  const outages = new Outages()

  return {
    async call(method, input, ctx) {
      try {
        const def = lookup(method)
        if (!def || def.kind !== 'call') throw new ApiError('UNKNOWN_METHOD', `No call named ${method}`)
        const parsed = parseInput(def.input, input, method)
        if (def.mutates) await (options.authorizeMutation ?? denyMutation)(method, parsed, ctx)
        const handler = handlers[method as keyof C] as unknown as (i: unknown, c: CallContext) => Promise<unknown>
        const limit = def.mutates ? undefined : options.deadline?.(method)
        const work = handler(parsed, ctx)
        if (!limit) {
          const value = await work
          return { ok: true, value: options.validateOutputs ? checkOutput(def.output, value, method) : value }
        }
        try {
          const value = await withDeadline(limit.component, limit.ms, work)
          outages.answered(limit.component)
          return { ok: true, value: options.validateOutputs ? checkOutput(def.output, value, method) : value }
        } catch (err) {
          const apiError = toApiError(err)
          // Only UNAVAILABLE is an outage; anything else goes on as it was thrown (a bug keeps its stack).
          throw apiError.code === 'UNAVAILABLE' ? outages.failed(limit.component, apiError) : err
        }
      } catch (err) {
        return { ok: false, error: report(method, err) }
      }
    },

    subscribe(method, input, sink, ctx) {
      const controller = new AbortController()
      let finished = false
      // After a stop the handler still speaks: its last events (a trace's verdict) are the point.
      const silenced = () => finished || (controller.signal.aborted && !isStopped(controller.signal))
      const finish = (error?: ApiError): void => {
        if (finished) return
        finished = true
        if (error) sink.error(error)
        else sink.end()
      }
      try {
        const def = lookup(method)
        if (!def || def.kind !== 'subscription') {
          throw new ApiError('UNKNOWN_METHOD', `No subscription named ${method}`)
        }
        const parsed = parseInput(def.input, input, method)
        const handler = handlers[method as keyof C] as unknown as (
          i: unknown,
          emit: (e: unknown) => void,
          s: AbortSignal,
          c: CallContext,
        ) => Promise<void>
        const emit = (event: unknown): void => {
          if (silenced()) return
          try {
            sink.event(options.validateOutputs ? checkOutput(def.event, event, method) : event)
          } catch (err) {
            controller.abort()
            finish(report(method, err))
          }
        }
        handler(parsed, emit, controller.signal, ctx).then(
          () => finish(),
          (err: unknown) => finish(controller.signal.aborted && cancellation(err) ? undefined : report(method, err)),
        )
      } catch (err) {
        finish(report(method, err))
      }
      return {
        unsubscribe: () => {
          finished = true
          controller.abort()
        },
        stop: () => {
          if (!finished && !controller.signal.aborted) controller.abort(STOPPED)
        },
      }
    },
  }
}

/** A handler that gives up because it was cancelled ends quietly; any other failure is still reported. */
function cancellation(err: unknown): boolean {
  return toApiError(err).code === 'CANCELLED'
}
