import { ApiError, isMethodName, contract } from '../shared/contract'
import { createWireClient, type WireClient } from '../shared/client'
import type { ClientMessage } from '../shared/wire'
import type { BridgeSubscription, KeytrailBridge } from '../shared/bridge'

export type { KeytrailBridge }

/** Builds the bridge over a message channel; refuses any name the contract does not define. */
export function createBridge(send: (msg: ClientMessage) => void): { bridge: KeytrailBridge; client: WireClient } {
  const client = createWireClient(send)
  const bridge: KeytrailBridge = {
    invoke(method, input) {
      if (!isMethodName(method) || contract[method].kind !== 'call') {
        return Promise.reject(new ApiError('UNKNOWN_METHOD', `No call named ${String(method)}`).toJSON())
      }
      // Errors cross contextBridge as plain objects; the renderer rebuilds ApiError.
      return (client.call as (m: string, i: unknown) => Promise<unknown>)(method, input).catch((err: ApiError) =>
        Promise.reject(err.toJSON()),
      )
    },
    subscribe(method, input, onEvent, onEnd, onError) {
      if (!isMethodName(method) || contract[method].kind !== 'subscription') {
        onError(new ApiError('UNKNOWN_METHOD', `No subscription named ${String(method)}`).toJSON())
        return Object.freeze({ unsubscribe: () => undefined, stop: () => undefined })
      }
      const sub = (client.subscribe as (m: string, i: unknown, h: object) => BridgeSubscription)(method, input, {
        event: onEvent,
        end: onEnd,
        error: (e: ApiError) => onError(e.toJSON()),
      })
      // Two plain functions cross contextBridge; the client's object stays on this side.
      return Object.freeze({ unsubscribe: () => sub.unsubscribe(), stop: () => sub.stop() })
    },
  }
  return { bridge: Object.freeze(bridge), client }
}
