import { createWireClient, type Backend, type Subscription, type SubscriptionHandlers } from '../../../shared/client'
import type { TransportState, RendererBackend } from './types'

/**
 * Browser mode: the host's WebSocket (authenticated by its HttpOnly cookie). Reconnects with
 * backoff; subscriptions alive at a drop are ended with an error so that their owners resubscribe.
 */
export function wsBackend(url: string): RendererBackend {
  let socket: WebSocket | undefined
  let state: TransportState = 'connecting'
  let retryMs = 500
  const listeners = new Set<(s: TransportState) => void>()
  const queue: string[] = []

  const setState = (s: TransportState): void => {
    state = s
    for (const l of listeners) l(s)
  }

  const client = createWireClient((msg) => {
    const text = JSON.stringify(msg)
    if (socket?.readyState === WebSocket.OPEN) socket.send(text)
    else queue.push(text)
  })

  const connect = (): void => {
    setState('connecting')
    const ws = new WebSocket(url)
    socket = ws
    ws.onopen = () => {
      retryMs = 500
      setState('open')
      for (const text of queue.splice(0)) ws.send(text)
    }
    ws.onmessage = (ev) => {
      try {
        client.receive(JSON.parse(String(ev.data)))
      } catch {
        // not JSON: not ours to handle
      }
    }
    ws.onclose = () => {
      if (socket !== ws) return
      setState('closed')
      client.disconnect('Connection to the Keytrail host was lost')
      setTimeout(connect, retryMs)
      retryMs = Math.min(retryMs * 2, 10_000)
    }
  }
  connect()

  return {
    transport: 'websocket',
    call: client.call as Backend['call'],
    subscribe: ((method: string, input: unknown, handlers: SubscriptionHandlers<unknown>) =>
      (client.subscribe as (m: string, i: unknown, h: SubscriptionHandlers<unknown>) => Subscription)(
        method,
        input,
        handlers,
      )) as Backend['subscribe'],
    state: () => state,
    onStateChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
