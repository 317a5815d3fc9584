import type { z } from 'zod'

/** A request → response method of the API. */
export interface CallDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly kind: 'call'
  readonly input: I
  readonly output: O
  /** Changes something outside Keytrail (Kafka, Flink); refused in read-only profiles. */
  readonly mutates: boolean
}

/** A stream of events the server pushes until the client unsubscribes or it ends. */
export interface SubscriptionDef<I extends z.ZodType = z.ZodType, E extends z.ZodType = z.ZodType> {
  readonly kind: 'subscription'
  readonly input: I
  readonly event: E
}

export type MethodDef = CallDef | SubscriptionDef

export function call<I extends z.ZodType, O extends z.ZodType>(
  input: I,
  output: O,
  opts: { mutates?: boolean } = {},
): CallDef<I, O> {
  return { kind: 'call', input, output, mutates: opts.mutates ?? false }
}

export function subscription<I extends z.ZodType, E extends z.ZodType>(input: I, event: E): SubscriptionDef<I, E> {
  return { kind: 'subscription', input, event }
}

export type ContractShape = Record<string, MethodDef>

export type CallNames<C extends ContractShape> = {
  [K in keyof C]: C[K] extends CallDef ? K : never
}[keyof C] &
  string

export type SubscriptionNames<C extends ContractShape> = {
  [K in keyof C]: C[K] extends SubscriptionDef ? K : never
}[keyof C] &
  string

export type InputOf<C extends ContractShape, K extends keyof C> = z.input<C[K]['input']>
export type ParsedInputOf<C extends ContractShape, K extends keyof C> = z.output<C[K]['input']>
export type OutputOf<C extends ContractShape, K extends keyof C> =
  C[K] extends CallDef<z.ZodType, infer O> ? z.output<O> : never
export type EventOf<C extends ContractShape, K extends keyof C> =
  C[K] extends SubscriptionDef<z.ZodType, infer E> ? z.output<E> : never
