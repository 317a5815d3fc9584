import net from 'node:net'

/**
 * What the proxy does to the traffic it carries (`pass` forwards it untouched).
 *
 * TCP faults act on every connection, open or new: `latency` delays each chunk by `ms` in both
 * directions (order kept), `blackhole` accepts connections and holds every byte without answering
 * (what TCP does across a partition: nothing arrives until the path comes back, then it all does),
 * `reset` answers every connection with a TCP RST (open ones too).
 *
 * HTTP faults answer requests in the proxy's place (one request per chunk from the client, as an
 * HTTP/1.1 client sends a small GET): `http-500` an Internal Server Error, `not-json` a 200 whose
 * body claims JSON and is HTML; `truncated` forwards the request and cuts the upstream answer in the
 * middle of its body, then closes the connection.
 */
export type ProxyFault =
  | { kind: 'pass' }
  | { kind: 'latency'; ms: number }
  | { kind: 'blackhole' }
  | { kind: 'reset' }
  | { kind: 'http-500' }
  | { kind: 'not-json' }
  | { kind: 'truncated' }

export interface FaultProxyOptions {
  /** Where the proxy listens on 127.0.0.1 (0: a free port). */
  port: number
  target: { host: string; port: number }
}

interface Pair {
  client: net.Socket
  upstream: net.Socket | undefined
  /** Bytes held by a blackhole, per direction, released in order when it lifts. */
  held: { up: Buffer[]; down: Buffer[] }
  /** Delayed chunks of each direction, in the order they came, each with when it may go out. */
  queued: { up: { at: number; chunk: Buffer }[]; down: { at: number; chunk: Buffer }[] }
  /** Whether a timer is set to send the head of each direction's queue. */
  pumping: { up: boolean; down: boolean }
  /** The upstream's first answer bytes since the last request (truncation cuts after the headers). */
  answered: boolean
}

const HTTP_500 = 'Internal Server Error (keytrail fault proxy)'
const NOT_JSON = '<html><body><h1>502 Bad Gateway</h1>keytrail fault proxy</body></html>'

function httpAnswer(status: string, contentType: string, body: string): Buffer {
  const bytes = Buffer.from(body)
  return Buffer.concat([
    Buffer.from(
      `HTTP/1.1 ${status}\r\nContent-Type: ${contentType}\r\nContent-Length: ${bytes.length}\r\nConnection: close\r\n\r\n`,
    ),
    bytes,
  ])
}

/** Where a truncated answer stops: after the headers, halfway through what came of the body. */
export function truncationPoint(chunk: Buffer): number {
  const headersEnd = chunk.indexOf('\r\n\r\n')
  if (headersEnd < 0) return Math.floor(chunk.length / 2)
  const bodyStart = headersEnd + 4
  return bodyStart + Math.floor((chunk.length - bodyStart) / 2)
}

/**
 * A TCP proxy on 127.0.0.1 whose fault can be changed while it runs: the fault suite puts it
 * between Keytrail and Kafka (the stack's FAULT listener advertises the proxy's port) or Flink REST.
 */
export class FaultProxy {
  private fault: ProxyFault = { kind: 'pass' }
  private readonly pairs = new Set<Pair>()
  private readonly timers = new Set<NodeJS.Timeout>()

  private constructor(
    private readonly server: net.Server,
    private readonly target: FaultProxyOptions['target'],
  ) {}

  static async start(options: FaultProxyOptions): Promise<FaultProxy> {
    const server = net.createServer()
    const proxy = new FaultProxy(server, options.target)
    server.on('connection', (socket) => proxy.accept(socket))
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(options.port, '127.0.0.1', () => {
        server.off('error', reject)
        resolve()
      })
    })
    return proxy
  }

  get port(): number {
    const a = this.server.address()
    if (!a || typeof a === 'string') throw new Error('the fault proxy is not listening')
    return a.port
  }

  /** Open client connections (for tests: a client that leaks connections shows here). */
  get connections(): number {
    return this.pairs.size
  }

  get current(): ProxyFault {
    return this.fault
  }

  /** Changes the fault; open connections feel it at once (a reset closes them, a lifted blackhole flushes them). */
  set(fault: ProxyFault): void {
    this.fault = fault
    if (fault.kind === 'reset') for (const p of [...this.pairs]) this.drop(p, true)
    else if (fault.kind !== 'blackhole') for (const p of this.pairs) this.flush(p)
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t)
    this.timers.clear()
    for (const p of [...this.pairs]) this.drop(p, false)
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  private accept(client: net.Socket): void {
    const pair: Pair = {
      client,
      upstream: undefined,
      held: { up: [], down: [] },
      queued: { up: [], down: [] },
      pumping: { up: false, down: false },
      answered: false,
    }
    this.pairs.add(pair)
    client.on('error', () => this.drop(pair, false))
    client.on('close', () => this.drop(pair, false))
    if (this.fault.kind === 'reset') {
      this.drop(pair, true)
      return
    }
    const upstream = net.connect({ host: this.target.host, port: this.target.port })
    pair.upstream = upstream
    upstream.on('error', () => this.drop(pair, true))
    upstream.on('close', () => this.drop(pair, false))
    client.on('data', (chunk: Buffer) => this.fromClient(pair, chunk))
    upstream.on('data', (chunk: Buffer) => this.fromUpstream(pair, chunk))
  }

  private fromClient(pair: Pair, chunk: Buffer): void {
    const f = this.fault
    if (f.kind === 'http-500' || f.kind === 'not-json') {
      const answer =
        f.kind === 'http-500'
          ? httpAnswer('500 Internal Server Error', 'text/plain', HTTP_500)
          : httpAnswer('200 OK', 'application/json', NOT_JSON)
      pair.client.end(answer)
      pair.upstream?.destroy()
      return
    }
    pair.answered = false
    this.forward(pair, 'up', chunk)
  }

  private fromUpstream(pair: Pair, chunk: Buffer): void {
    if (this.fault.kind === 'truncated' && !pair.answered) {
      pair.answered = true
      pair.client.write(chunk.subarray(0, truncationPoint(chunk)), () => this.drop(pair, false))
      return
    }
    if (this.fault.kind === 'truncated') return // the rest of a truncated answer
    this.forward(pair, 'down', chunk)
  }

  private forward(pair: Pair, dir: 'up' | 'down', chunk: Buffer): void {
    const f = this.fault
    if (f.kind === 'blackhole' || pair.held[dir].length > 0) {
      pair.held[dir].push(chunk)
      if (f.kind !== 'blackhole') this.flush(pair)
      return
    }
    this.send(pair, dir, chunk, f.kind === 'latency' ? f.ms : 0)
  }

  /**
   * Writes `chunk` after `delayMs`, and never before a chunk sent earlier that is still delayed: a
   * stream must stay in order when latency lifts (the first version wrote new chunks at once while
   * delayed ones were pending, and a Kafka client then read a record batch as a response size and
   * buffered 80 MB waiting for the rest).
   */
  private send(pair: Pair, dir: 'up' | 'down', chunk: Buffer, delayMs: number): void {
    const queue = pair.queued[dir]
    if (queue.length === 0 && delayMs <= 0) {
      this.write(pair, dir, chunk)
      return
    }
    // One queue per direction, sent by one timer at a time: timers of different durations due
    // in the same millisecond fire in no set order.
    queue.push({ at: Math.max(Date.now() + delayMs, queue.at(-1)?.at ?? 0), chunk })
    this.pump(pair, dir)
  }

  private pump(pair: Pair, dir: 'up' | 'down'): void {
    const queue = pair.queued[dir]
    while (queue[0] && queue[0].at <= Date.now()) this.write(pair, dir, queue.shift()!.chunk)
    const head = queue[0]
    if (!head || pair.pumping[dir]) return
    pair.pumping[dir] = true
    const timer = setTimeout(() => {
      this.timers.delete(timer)
      pair.pumping[dir] = false
      this.pump(pair, dir)
    }, head.at - Date.now())
    this.timers.add(timer)
  }

  private flush(pair: Pair): void {
    for (const dir of ['up', 'down'] as const) {
      const held = pair.held[dir].splice(0)
      for (const chunk of held) this.send(pair, dir, chunk, 0)
    }
  }

  private write(pair: Pair, dir: 'up' | 'down', chunk: Buffer): void {
    const to = dir === 'up' ? pair.upstream : pair.client
    if (to && !to.destroyed) to.write(chunk)
  }

  private drop(pair: Pair, reset: boolean): void {
    if (!this.pairs.delete(pair)) return
    for (const s of [pair.client, pair.upstream]) {
      if (!s || s.destroyed) continue
      if (reset && s === pair.client) s.resetAndDestroy()
      else s.destroy()
    }
  }
}
