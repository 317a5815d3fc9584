import { useEffect, useRef, useState } from 'react'
import type { ApiError, Contract, EventOf, InputOf, SubscriptionNames } from '../../../shared/contract'
import { useBackend, useTransportState } from '../backend/context'

const FIRST_RETRY_MS = 1_000
const MAX_RETRY_MS = 30_000

/**
 * Subscribes to a pushed method while the transport is open (and again after it reconnects);
 * each event goes to `onEvent`, which usually writes it into the react-query cache.
 * `key` names the subscription: a new key resubscribes, a new `onEvent` does not.
 * A subscription that fails (the cluster is unreachable) is retried with a growing delay; its
 * error is returned until an event arrives again, so the page can say why its figures are old.
 */
export function usePush<K extends SubscriptionNames<Contract>>(
  method: K,
  input: InputOf<Contract, K> | undefined,
  key: string,
  onEvent: (event: EventOf<Contract, K>) => void,
): ApiError | null {
  const backend = useBackend()
  const transport = useTransportState()
  const handler = useRef(onEvent)
  const inputRef = useRef(input)
  const [error, setError] = useState<ApiError | null>(null)
  // Declared before the subscribing effect, so it runs first with the render's values.
  useEffect(() => {
    handler.current = onEvent
    inputRef.current = input
  })
  const enabled = input !== undefined && transport === 'open'
  useEffect(() => {
    const given = inputRef.current
    if (!enabled || given === undefined) return
    let delay = FIRST_RETRY_MS
    let retry: ReturnType<typeof setTimeout> | undefined
    let sub: { unsubscribe(): void } | undefined
    let closed = false
    const open = (): void => {
      sub = backend.subscribe(method, given, {
        event: (e) => {
          delay = FIRST_RETRY_MS
          setError(null)
          handler.current(e)
        },
        error: (err) => {
          setError(err)
          if (closed) return
          retry = setTimeout(open, delay)
          delay = Math.min(delay * 2, MAX_RETRY_MS)
        },
      })
    }
    open()
    return () => {
      closed = true
      clearTimeout(retry)
      sub?.unsubscribe()
      // An error belongs to the subscription that had it, not to the next one.
      setError(null)
    }
  }, [backend, method, key, enabled])
  return error
}
