import { createWriteStream } from 'node:fs'
import WebSocket from 'ws'

/** What the host holds after a full garbage collection, read through its inspector. */
export interface LiveMemory {
  rssKb: number
  heapUsedKb: number
  externalKb: number
  arrayBuffersKb: number
}

/**
 * The host's V8 inspector (`--inspect=127.0.0.1:0`), used only by the fault suite: RSS alone says
 * as much of when the collector last ran as of a leak, while the heap after a forced full
 * collection is what the host really keeps.
 */
export class HostInspector {
  private nextId = 1
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>()
  private onChunk: ((chunk: string) => void) | undefined

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as {
        id?: number
        method?: string
        params?: { chunk?: string }
        result?: unknown
        error?: { message: string }
      }
      if (msg.method === 'HeapProfiler.addHeapSnapshotChunk') this.onChunk?.(msg.params?.chunk ?? '')
      const waiter = msg.id === undefined ? undefined : this.pending.get(msg.id)
      if (!waiter || msg.id === undefined) return
      this.pending.delete(msg.id)
      if (msg.error) waiter.reject(new Error(msg.error.message))
      else waiter.resolve(msg.result)
    })
  }

  /** The inspector URL printed by `node --inspect` on stderr. */
  static urlIn(stderr: string): string | undefined {
    return /Debugger listening on (ws:\/\/\S+)/.exec(stderr)?.[1]
  }

  static async connect(url: string): Promise<HostInspector> {
    const ws = new WebSocket(url)
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve())
      ws.once('error', reject)
    })
    return new HostInspector(ws)
  }

  private send(method: string, params: Record<string, unknown> = {}, timeoutMs = 120_000): Promise<unknown> {
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id)
        reject(new Error(`the host's inspector did not answer ${method} in ${timeoutMs / 1000} s`))
      }, timeoutMs)
      this.pending.set(id, {
        resolve: (v) => {
          clearTimeout(timer)
          resolve(v)
        },
        reject: (e) => {
          clearTimeout(timer)
          reject(e)
        },
      })
      this.ws.send(JSON.stringify({ id, method, params }))
    })
  }

  /** Two full collections (the second frees what finalizers of the first let go), then the figures. */
  async liveMemory(): Promise<LiveMemory> {
    await this.send('HeapProfiler.collectGarbage')
    await this.send('HeapProfiler.collectGarbage')
    const r = (await this.send('Runtime.evaluate', {
      expression: 'JSON.stringify(process.memoryUsage())',
      returnByValue: true,
    })) as { result?: { value?: string } }
    const m = JSON.parse(r.result?.value ?? '{}') as Record<string, number>
    const kb = (k: string) => Math.round((m[k] ?? 0) / 1024)
    return {
      rssKb: kb('rss'),
      heapUsedKb: kb('heapUsed'),
      externalKb: kb('external'),
      arrayBuffersKb: kb('arrayBuffers'),
    }
  }

  /** A heap snapshot written to `file` (for finding what grew; Chrome DevTools opens it). */
  async snapshot(file: string): Promise<void> {
    const out = createWriteStream(file)
    this.onChunk = (c) => out.write(c)
    try {
      await this.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false }, 300_000)
    } finally {
      this.onChunk = undefined
      await new Promise<void>((resolve) => out.end(resolve))
    }
  }

  close(): void {
    this.ws.close()
  }
}
