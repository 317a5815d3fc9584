import type { WebSocket } from 'ws'
import { Connection } from '../api/connection'
import type { Router } from '../api/router'

/** Binds one accepted WebSocket to a router session; subscriptions end when the socket closes. */
export function attachWebSocket(ws: WebSocket, router: Router): Connection {
  const connection = new Connection(
    router,
    (msg) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg))
    },
    { transport: 'ws' },
  )
  ws.on('message', (data, isBinary) => {
    if (isBinary) return connection.receive(undefined)
    let parsed: unknown
    try {
      parsed = JSON.parse(String(data))
    } catch {
      parsed = undefined
    }
    connection.receive(parsed)
  })
  ws.on('close', () => connection.close())
  ws.on('error', () => connection.close())
  return connection
}
