import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync, readdirSync, readlinkSync } from 'node:fs'
import path from 'node:path'
import WebSocket from 'ws'
import { HostInspector } from './inspector'
import type { SecretWatch } from './secret-watch'

/** One answer of the console, as the fault suite judges it. */
export interface Answer {
  /** `api lag.groups`, `cli jobs`… */
  what: string
  startedAt: number
  ms: number
  ok: boolean
  /** The error code (UNAVAILABLE, INTERNAL…), TIMEOUT when no answer came in time. */
  code?: string
  message?: string
  value?: unknown
  /**
   * For a CLI command: how long `keytrail version` took at the same moment, i.e. what starting
   * Node and loading the CLI cost on this machine then, which is not time spent waiting for an answer.
   */
  startupMs?: number
  /**
   * For a subscription: the longest time it said nothing (from the start to its first event,
   * between events, to its end). A stream that shows progress is answering, however long it runs.
   */
  silenceMs?: number
}

/** Every WebSocket message the host sends and every CLI output is searched for planted secrets. */
let watch: SecretWatch | undefined
export function watchOutputs(w: SecretWatch | undefined): void {
  watch = w
}

const root = path.resolve(import.meta.dirname, '../..')
const cliPath = path.join(root, 'bin/keytrail.js')
/** Unhandled rejections are printed, not fatal, so that the suite can count every one of them. */
const NODE_FLAGS = ['--unhandled-rejections=warn']

/** `keytrail serve` as a child process, and a WebSocket client of its API. */
export class ServedHost {
  private ws!: WebSocket
  private nextId = 1
  private readonly pending = new Map<number, (msg: Record<string, unknown>) => void>()
  private readonly progress = new Map<number, () => void>()
  private err = ''
  private out = ''
  private insp: HostInspector | undefined

  private constructor(
    readonly process: ChildProcess,
    readonly url: string,
  ) {}

  static async start(env: NodeJS.ProcessEnv): Promise<ServedHost> {
    // The inspector lets the suite read the heap after a forced collection (see inspector.ts).
    const child = spawn(process.execPath, [...NODE_FLAGS, '--inspect=127.0.0.1:0', cliPath, 'serve', '--port', '0'], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    let err = ''
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()))
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`keytrail serve printed no URL in 120 s:\n${out}\n${err}`)),
        120_000,
      )
      child.stdout?.on('data', (d: Buffer) => {
        out += d.toString()
        const m = /Keytrail serving at (\S+)/.exec(out)
        if (m?.[1]) {
          clearTimeout(timer)
          resolve(m[1])
        }
      })
      child.once('exit', (code) => {
        clearTimeout(timer)
        reject(new Error(`keytrail serve exited with ${code}:\n${out}\n${err}`))
      })
    })
    const host = new ServedHost(child, url)
    child.stderr?.on('data', (d: Buffer) => (host.err += d.toString()))
    child.stdout?.on('data', (d: Buffer) => (host.out += d.toString()))
    host.err = err
    host.out = out
    await host.connect()
    return host
  }

  get pid(): number {
    if (!this.process.pid) throw new Error('keytrail serve has no pid')
    return this.process.pid
  }

  get alive(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null
  }

  get stderr(): string {
    return this.err
  }

  /** The host's inspector, connected on first use. */
  async inspector(): Promise<HostInspector> {
    if (this.insp) return this.insp
    const url = HostInspector.urlIn(this.err)
    if (!url) throw new Error(`keytrail serve printed no inspector URL:\n${this.err}`)
    this.insp = await HostInspector.connect(url)
    return this.insp
  }

  get stdout(): string {
    return this.out
  }

  private async connect(): Promise<void> {
    const u = new URL(this.url)
    const ws = new WebSocket(`ws://${u.host}/api?token=${u.searchParams.get('token') ?? ''}`, {
      headers: { origin: u.origin },
    })
    ws.on('message', (data) => {
      const text = String(data)
      watch?.check('a WebSocket message of keytrail serve', text)
      const msg = JSON.parse(text) as Record<string, unknown>
      const done = this.pending.get(Number(msg.id))
      if (done && (msg.t === 'result' || msg.t === 'error' || msg.t === 'end')) done(msg)
      else if (msg.t === 'event') this.progress.get(Number(msg.id))?.()
    })
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve())
      ws.once('error', reject)
    })
    this.ws = ws
  }

  /** One call; an answer later than `timeoutMs` counts as TIMEOUT (the call is left to finish). */
  call(method: string, input: unknown, timeoutMs = 15_000): Promise<Answer> {
    const id = this.nextId++
    const startedAt = Date.now()
    const what = `api ${method}`
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id)
        resolve({ what, startedAt, ms: Date.now() - startedAt, ok: false, code: 'TIMEOUT' })
      }, timeoutMs)
      this.pending.set(id, (msg) => {
        clearTimeout(timer)
        this.pending.delete(id)
        const ms = Date.now() - startedAt
        const error = msg.error as { code?: string; message?: string } | undefined
        if (msg.t === 'result' && msg.ok === true) resolve({ what, startedAt, ms, ok: true, value: msg.value })
        else resolve({ what, startedAt, ms, ok: false, code: error?.code ?? 'NO_RESULT', message: error?.message })
      })
      this.ws.send(JSON.stringify({ t: 'call', id, method, input }))
    })
  }

  /**
   * A subscription that ends by itself (trace.run): the answer is its end or its error; events
   * count as progress, an error as the answer's code.
   */
  subscribeToEnd(method: string, input: unknown, timeoutMs = 15_000, maxMs = 120_000): Promise<Answer> {
    const id = this.nextId++
    const startedAt = Date.now()
    const what = `api ${method}`
    let heard = startedAt
    let silenceMs = 0
    const quiet = () => {
      const now = Date.now()
      silenceMs = Math.max(silenceMs, now - heard)
      heard = now
    }
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout
      const giveUp = (after: number) =>
        setTimeout(() => {
          this.pending.delete(id)
          this.progress.delete(id)
          this.ws.send(JSON.stringify({ t: 'unsub', id }))
          quiet()
          resolve({ what, startedAt, ms: Date.now() - startedAt, ok: false, code: 'TIMEOUT', silenceMs })
        }, after)
      timer = giveUp(timeoutMs)
      // Silence is what times a stream out; a bound on the whole run keeps a stuck one from holding the suite.
      const cap = setTimeout(() => this.progress.delete(id), maxMs)
      this.progress.set(id, () => {
        quiet()
        clearTimeout(timer)
        timer = giveUp(timeoutMs)
      })
      this.pending.set(id, (msg) => {
        clearTimeout(timer)
        clearTimeout(cap)
        this.pending.delete(id)
        this.progress.delete(id)
        quiet()
        const ms = Date.now() - startedAt
        const error = msg.error as { code?: string; message?: string } | undefined
        if (msg.t === 'end') resolve({ what, startedAt, ms, ok: true, silenceMs })
        else
          resolve({
            what,
            startedAt,
            ms,
            ok: false,
            code: error?.code ?? 'NO_RESULT',
            message: error?.message,
            silenceMs,
          })
      })
      this.ws.send(JSON.stringify({ t: 'sub', id, method, input }))
    })
  }

  async stop(): Promise<void> {
    this.ws?.close()
    this.insp?.close()
    if (!this.alive) return
    await new Promise<void>((done) => {
      const kill = setTimeout(() => this.process.kill('SIGKILL'), 10_000)
      this.process.once('exit', () => {
        clearTimeout(kill)
        done()
      })
      this.process.kill('SIGTERM')
    })
  }
}

/**
 * One CLI command as a user runs it. `okExits` are the exit codes that carry an answer (status
 * exits 3 when a component cannot be read); any other exit is judged by the code it printed.
 */
export function runCli(
  args: string[],
  env: NodeJS.ProcessEnv,
  okExits: number[] = [0],
  timeoutMs = 60_000,
): Promise<Answer> {
  const startedAt = Date.now()
  const what = `cli ${args.filter((a) => !a.startsWith('-') && !/^ord-|^[a-z]+-[0-9a-f]{6,}/.test(a)).join(' ')}`
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...NODE_FLAGS, cliPath, ...args], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    let err = ''
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.once('exit', (exit, signal) => {
      clearTimeout(timer)
      watch?.check(`the output of ${what}`, out + err)
      const ms = Date.now() - startedAt
      if (signal) return resolve({ what, startedAt, ms, ok: false, code: 'TIMEOUT', message: err.slice(-500) })
      const printed = /keytrail: ([A-Z_]+): (.*)/.exec(err)
      const unhandled = /Unhandled|UnhandledPromiseRejection/.test(err)
      if (unhandled) return resolve({ what, startedAt, ms, ok: false, code: 'UNHANDLED_REJECTION', message: err })
      if (exit !== null && okExits.includes(exit) && !printed)
        return resolve({ what, startedAt, ms, ok: true, value: out })
      resolve({
        what,
        startedAt,
        ms,
        ok: false,
        code: printed?.[1] ?? `EXIT_${exit}`,
        message: printed?.[2] ?? err.trim().slice(-500),
      })
    })
  })
}

export interface ProcStats {
  fds: number
  sockets: number
  rssKb: number
  /** What the descriptors are, by kind (socket, pipe, anon_inode:[eventfd], a file's path). */
  kinds: Record<string, number>
}

const TCP_STATES: Record<string, string> = {
  '01': 'ESTABLISHED',
  '06': 'TIME_WAIT',
  '08': 'CLOSE_WAIT',
  '0A': 'LISTEN',
}

/** "0100007F:2384" (little-endian IPv4, hex port) → "127.0.0.1:9092"; IPv6 shown by port only. */
function hexAddress(a: string): string {
  const [ip = '', port = '0'] = a.split(':')
  const p = parseInt(port, 16)
  if (ip.length !== 8) return `[v6]:${p}`
  const bytes = (ip.match(/../g) ?? []).map((b) => parseInt(b, 16)).reverse()
  return `${bytes.join('.')}:${p}`
}

/** TCP sockets of a process's network namespace by inode: "tcp → 127.0.0.1:9092 ESTABLISHED". */
function tcpSockets(pid: number): Map<string, string> {
  const out = new Map<string, string>()
  for (const table of ['tcp', 'tcp6']) {
    let text = ''
    try {
      text = readFileSync(`/proc/${pid}/net/${table}`, 'utf8')
    } catch {
      continue
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/)
      if (f.length < 10) continue
      const state = TCP_STATES[f[3] ?? ''] ?? `state ${f[3]}`
      const what =
        state === 'LISTEN' ? `tcp listening on ${hexAddress(f[1] ?? '')}` : `tcp → ${hexAddress(f[2] ?? '')} ${state}`
      out.set(f[9] ?? '', what)
    }
  }
  return out
}

/**
 * A descriptor's target by kind: TCP sockets by peer and state (so that a leak names the
 * connection: Kafka's port, Flink's, a client of the host), other sockets and pipes without their
 * inode numbers.
 */
const fdKind = (target: string, tcp: Map<string, string>): string => {
  const socket = /^socket:\[(\d+)\]$/.exec(target)
  if (socket) return tcp.get(socket[1] ?? '') ?? 'socket (not TCP)'
  return target.replace(/^pipe:\[\d+\]$/, 'pipe')
}

/** Open descriptors (sockets among them) and resident memory of a process, from /proc. */
export function procStats(pid: number): ProcStats {
  const dir = `/proc/${pid}/fd`
  const kinds: Record<string, number> = {}
  const fds = readdirSync(dir)
  const tcp = tcpSockets(pid)
  let sockets = 0
  for (const fd of fds) {
    try {
      const target = readlinkSync(path.join(dir, fd))
      if (target.startsWith('socket:')) sockets++
      const kind = fdKind(target, tcp)
      kinds[kind] = (kinds[kind] ?? 0) + 1
    } catch {
      // closed while we read
    }
  }
  const rss = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return { fds: fds.length, sockets, rssKb: Number(rss?.[1] ?? 0), kinds }
}

/** The kinds of descriptor whose count changed between two readings, e.g. "socket +12, pipe -1". */
export function fdGrowth(base: ProcStats, now: ProcStats): string {
  const keys = new Set([...Object.keys(base.kinds), ...Object.keys(now.kinds)])
  const changed = [...keys]
    .map((k) => [k, (now.kinds[k] ?? 0) - (base.kinds[k] ?? 0)] as const)
    .filter(([, d]) => d !== 0)
    .sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]))
  return changed.length ? changed.map(([k, d]) => `${k} ${d > 0 ? '+' : ''}${d}`).join(', ') : 'none'
}

/**
 * The reading with the fewest descriptors over a window: what the process holds for good. A
 * single reading also counts what is in flight (history files being appended, a request's socket),
 * which comes and goes with the sampling rounds; a leak is in every reading.
 */
export async function steadyStats(pid: number, windowMs = 10_000, everyMs = 250): Promise<ProcStats> {
  let best = procStats(pid)
  const end = Date.now() + windowMs
  while (Date.now() < end) {
    await new Promise((r) => setTimeout(r, everyMs))
    const now = procStats(pid)
    if (now.fds < best.fds || (now.fds === best.fds && now.sockets < best.sockets)) best = now
  }
  return best
}
