import { useEffect, useRef } from 'react'
import type { Contract, EventOf, InputOf, SubscriptionNames } from '../../../shared/contract'
import { useBackend, useTransportState } from '../backend/context'

/**
 * Subscribes to a pushed method while the transport is open (and again after it reconnects);
 * each event goes to `onEvent`, which usually writes it into the react-query cache.
 * `key` names the subscription: a new key resubscribes, a new `onEvent` does not.
 */
export function usePush<K extends SubscriptionNames<Contract>>(
  method: K,
  input: InputOf<Contract, K> | undefined,
  key: string,
  onEvent: (event: EventOf<Contract, K>) => void,
): void {
  const backend = useBackend()
  const transport = useTransportState()
  const handler = useRef(onEvent)
  const inputRef = useRef(input)
  // Declared before the subscribing effect, so it runs first with the render's values.
  useEffect(() => {
    handler.current = onEvent
    inputRef.current = input
  })
  const enabled = input !== undefined && transport === 'open'
  useEffect(() => {
    const given = inputRef.current
    if (!enabled || given === undefined) return
    const sub = backend.subscribe(method, given, { event: (e) => handler.current(e) })
    return () => sub.unsubscribe()
  }, [backend, method, key, enabled])
}
