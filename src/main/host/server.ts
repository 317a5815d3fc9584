import http, { type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { WebSocketServer } from 'ws'
import type { Router } from '../api/router'
import { SECURITY_HEADERS } from '../security/csp'
import { attachWebSocket } from '../transports/ws-transport'
import { checkOrigin, checkRequest, newToken, requestUrl, sameOriginPath, tokenCookieName } from './auth'
import { serveStatic } from './static-files'

export interface HostOptions {
  router: Router
  /** The built renderer (out/renderer). */
  staticDir: string
  host?: string
  port?: number
  token?: string
}

export interface RunningHost {
  url: string
  /** The URL with the launch token: what `keytrail serve` prints. */
  tokenUrl: string
  port: number
  close(): Promise<void>
}

const WS_PATH = '/api'

function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${reason}`,
  )
}

/** The browser-mode host: the built renderer and the WebSocket API behind a per-launch token. */
export async function startHost(opts: HostOptions): Promise<RunningHost> {
  const bindHost = opts.host ?? '127.0.0.1'
  const token = opts.token ?? newToken()
  const allowedHosts = new Set<string>()
  const allowedOrigins = new Set<string>()
  // Known once listening (port 0 picks one); no request arrives before.
  let cookieName = ''
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 })

  const server = http.createServer((req, res) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v)
    const verdict = checkRequest(req, token, allowedHosts, cookieName)
    if (!verdict.ok) {
      res.writeHead(verdict.status, { 'content-type': 'text/plain' }).end(verdict.reason)
      return
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end()
      return
    }
    const url = requestUrl(req)
    if (verdict.setCookie) {
      // Trade the query token for an HttpOnly cookie and drop it from the address bar.
      url.searchParams.delete('token')
      res.writeHead(302, {
        'set-cookie': `${cookieName}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        location: sameOriginPath(url),
      })
      res.end()
      return
    }
    void serveStatic(opts.staticDir, url.pathname, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end()
    })
  })

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = requestUrl(req).pathname
    if (path !== WS_PATH) return refuseUpgrade(socket, 404, 'Not found')
    const verdict = checkRequest(req, token, allowedHosts, cookieName)
    if (!verdict.ok) return refuseUpgrade(socket, verdict.status, verdict.reason)
    if (!checkOrigin(req, allowedOrigins)) return refuseUpgrade(socket, 403, 'Origin not allowed')
    wss.handleUpgrade(req, socket, head, (ws) => attachWebSocket(ws, opts.router))
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, bindHost, () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  cookieName = tokenCookieName(port)
  const hostPart = bindHost.includes(':') ? `[${bindHost}]` : bindHost
  for (const h of [hostPart, ...(bindHost === '127.0.0.1' || bindHost === '::1' ? ['localhost'] : [])]) {
    allowedHosts.add(`${h}:${port}`.toLowerCase())
    allowedOrigins.add(`http://${h}:${port}`.toLowerCase())
  }
  const url = `http://${hostPart}:${port}/`
  return {
    url,
    tokenUrl: `${url}?token=${token}`,
    port,
    close: async () => {
      for (const client of wss.clients) client.terminate()
      wss.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
