import http from 'node:http'
import net from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { FaultProxy, truncationPoint } from './fault-proxy'

const closers: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c()
})

async function listen(server: net.Server | http.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        if ('closeAllConnections' in server) server.closeAllConnections()
        server.close(() => resolve())
      }),
  )
  return (server.address() as net.AddressInfo).port
}

/** A TCP echo server behind a proxy. */
async function echoBehindProxy(): Promise<{ proxy: FaultProxy; sockets: Set<net.Socket> }> {
  const sockets = new Set<net.Socket>()
  const server = net.createServer((s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
    s.on('error', () => undefined)
    s.pipe(s)
  })
  const port = await listen(server)
  closers.push(async () => {
    for (const s of sockets) s.destroy()
  })
  const proxy = await FaultProxy.start({ port: 0, target: { host: '127.0.0.1', port } })
  closers.push(() => proxy.close())
  return { proxy, sockets }
}

interface Conn {
  socket: net.Socket
  received: () => string
  closed: Promise<string | undefined>
}

async function connect(port: number): Promise<Conn> {
  const socket = net.connect({ port, host: '127.0.0.1' })
  let data = ''
  socket.on('data', (d: Buffer) => (data += d.toString()))
  const closed = new Promise<string | undefined>((resolve) => {
    let code: string | undefined
    socket.on('error', (e: NodeJS.ErrnoException) => (code = e.code))
    socket.on('close', () => resolve(code))
  })
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve)
    socket.once('error', reject)
  })
  closers.push(async () => {
    socket.destroy()
  })
  return { socket, received: () => data, closed }
}

async function waitUntil(what: string, probe: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

/** An HTTP server answering JSON behind a proxy. */
async function jsonBehindProxy(): Promise<{ proxy: FaultProxy; url: string }> {
  const body = JSON.stringify({ jobs: Array.from({ length: 50 }, (_, i) => ({ jid: `job-${i}`, state: 'RUNNING' })) })
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })
    res.end(body)
  })
  const port = await listen(server)
  const proxy = await FaultProxy.start({ port: 0, target: { host: '127.0.0.1', port } })
  closers.push(() => proxy.close())
  return { proxy, url: `http://127.0.0.1:${proxy.port}/jobs/overview` }
}

/** A fresh connection per request (no pooled sockets between tests), the whole body read. */
function get(url: string): Promise<{ status: number; type: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (d: string) => (body += d))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], body }))
      res.on('error', reject)
      res.on('aborted', () => reject(new Error('aborted')))
    })
    req.on('error', reject)
    req.setTimeout(3000, () => req.destroy(new Error('timeout')))
  })
}

describe('FaultProxy over TCP', () => {
  it('passes bytes both ways untouched, and counts its open connections', async () => {
    const { proxy } = await echoBehindProxy()
    const c = await connect(proxy.port)
    c.socket.write('hello')
    await waitUntil('the echo', () => c.received() === 'hello')
    expect(proxy.connections).toBe(1)
    c.socket.destroy()
    await waitUntil('the connection to close', () => proxy.connections === 0)
  })

  it('latency: delays every chunk by at least the set time, in order', async () => {
    const { proxy } = await echoBehindProxy()
    proxy.set({ kind: 'latency', ms: 150 })
    const c = await connect(proxy.port)
    const t0 = Date.now()
    c.socket.write('a')
    c.socket.write('b')
    await waitUntil('the echo', () => c.received() === 'ab')
    // 150 ms to the server, 150 ms back
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290)
  })

  it('keeps every stream in order when latency lifts or a blackhole follows it', async () => {
    const { proxy } = await echoBehindProxy()
    const c = await connect(proxy.port)
    proxy.set({ kind: 'latency', ms: 200 })
    c.socket.write('1')
    await new Promise((r) => setTimeout(r, 20))
    proxy.set({ kind: 'pass' })
    c.socket.write('2')
    await new Promise((r) => setTimeout(r, 20))
    proxy.set({ kind: 'latency', ms: 100 })
    c.socket.write('3')
    proxy.set({ kind: 'blackhole' })
    c.socket.write('4')
    await new Promise((r) => setTimeout(r, 20))
    proxy.set({ kind: 'pass' })
    c.socket.write('5')
    await waitUntil('every byte back', () => c.received().length === 5)
    expect(c.received()).toBe('12345')
  })

  it('blackhole: holds bytes without answering; lifted, the held bytes arrive', async () => {
    const { proxy } = await echoBehindProxy()
    const c = await connect(proxy.port)
    proxy.set({ kind: 'blackhole' })
    c.socket.write('lost?')
    const late = await connect(proxy.port) // a new connection is accepted and silent too
    late.socket.write('new')
    await new Promise((r) => setTimeout(r, 300))
    expect(c.received()).toBe('')
    expect(late.received()).toBe('')
    proxy.set({ kind: 'pass' })
    await waitUntil('the held bytes', () => c.received() === 'lost?' && late.received() === 'new')
  })

  it('reset: open connections and new ones get a TCP reset', async () => {
    const { proxy, sockets } = await echoBehindProxy()
    const open = await connect(proxy.port)
    await waitUntil('the upstream connection', () => sockets.size === 1)
    proxy.set({ kind: 'reset' })
    expect(await open.closed).toBe('ECONNRESET')
    const fresh = net.connect({ port: proxy.port, host: '127.0.0.1' })
    const code = await new Promise<string | undefined>((resolve) => {
      fresh.on('error', (e: NodeJS.ErrnoException) => resolve(e.code))
      fresh.on('close', () => resolve(undefined))
    })
    expect(code).toBe('ECONNRESET')
    await waitUntil('the upstream side to close', () => sockets.size === 0)
    expect(proxy.connections).toBe(0)
  })

  it('close(): ends every connection and stops listening', async () => {
    const { proxy } = await echoBehindProxy()
    const c = await connect(proxy.port)
    const port = proxy.port
    await proxy.close()
    await c.closed
    const refused = await new Promise<string | undefined>((resolve) => {
      const s = net.connect({ port, host: '127.0.0.1' })
      s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code))
      s.on('connect', () => {
        s.destroy()
        resolve('connected')
      })
    })
    expect(refused).toBe('ECONNREFUSED')
  })
})

describe('FaultProxy over HTTP', () => {
  it('passes a JSON answer whole', async () => {
    const { url } = await jsonBehindProxy()
    const res = await get(url)
    expect(res.status).toBe(200)
    expect(JSON.parse(res.body).jobs).toHaveLength(50)
  })

  it('http-500: answers 500 in the server’s place', async () => {
    const { proxy, url } = await jsonBehindProxy()
    proxy.set({ kind: 'http-500' })
    const res = await get(url)
    expect(res.status).toBe(500)
    proxy.set({ kind: 'pass' })
    expect((await get(url)).status).toBe(200)
  })

  it('not-json: answers 200 with a body that claims JSON and is not', async () => {
    const { proxy, url } = await jsonBehindProxy()
    proxy.set({ kind: 'not-json' })
    const res = await get(url)
    expect(res.status).toBe(200)
    expect(res.type).toBe('application/json')
    expect(() => JSON.parse(res.body)).toThrow()
  })

  it('truncated: the answer stops in the middle of its body and the connection closes', async () => {
    const { proxy, url } = await jsonBehindProxy()
    proxy.set({ kind: 'truncated' })
    const err = await get(url).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(Error)
    proxy.set({ kind: 'pass' })
    expect((await get(url)).status).toBe(200)
  })

  it('truncationPoint: keeps the headers and half the body', () => {
    const chunk = Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789')
    expect(chunk.subarray(0, truncationPoint(chunk)).toString()).toBe(
      'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n01234',
    )
  })
})
