import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { startServe, type Served } from '../../e2e/support/serve'
import { serverMessageSchema } from '../../src/shared/wire'
import { fuzzFrames, type Frame } from '../fuzz/ws-messages'

/** At least this many malformed messages, and the run must fit in this time. */
const MESSAGES = 10_000
const BUDGET_MS = 60_000
const SOCKETS = 4
/** Frames sent before each socket is asked for an answer: the fuzzer never runs far ahead of the host. */
const WINDOW = 250
const MAX_PAYLOAD = 1024 * 1024

interface Client {
  ws: WebSocket
  replies: unknown[]
  closed: Promise<number>
  nextId: number
}

function open(served: Served): Promise<Client> {
  const u = new URL(served.url)
  // The token in the upgrade URL: the same gate as the cookie, without depending on its name.
  const ws = new WebSocket(`ws://${u.host}/api?token=${u.searchParams.get('token') ?? ''}`, {
    headers: { origin: u.origin },
  })
  const client: Client = {
    ws,
    replies: [],
    closed: new Promise((resolve) => ws.once('close', (code) => resolve(code))),
    nextId: 1_000_000,
  }
  ws.on('message', (data) => client.replies.push(JSON.parse(String(data))))
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(client))
    ws.once('error', reject)
    ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)))
  })
}

/** app.info over this socket; resolves with its reply, or rejects after `timeoutMs`. */
async function appInfo(client: Client, timeoutMs = 10_000): Promise<unknown> {
  const id = client.nextId++
  client.ws.send(JSON.stringify({ t: 'call', id, method: 'app.info', input: {} }))
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const reply = client.replies.find((r) => (r as { id?: unknown }).id === id)
    if (reply) return reply
    if (Date.now() > deadline) throw new Error(`no answer to app.info in ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

function send(client: Client, frame: Frame): void {
  client.ws.send(frame.data, { binary: frame.kind === 'binary' })
}

describe('keytrail serve under malformed WebSocket messages', () => {
  let served: Served
  let stderr = ''
  const dirs: string[] = []

  beforeAll(async () => {
    const dir = (name: string): string => {
      const d = mkdtempSync(path.join(os.tmpdir(), `keytrail-fuzz-${name}-`))
      dirs.push(d)
      return d
    }
    served = await startServe({ KEYTRAIL_CONFIG_DIR: dir('config'), KEYTRAIL_STATE_DIR: dir('state') })
    served.process.stderr?.on('data', (d: Buffer) => (stderr += d.toString()))
  })

  afterAll(async () => {
    await served?.stop()
    for (const d of dirs) rmSync(d, { recursive: true, force: true })
  })

  it(`survives ${MESSAGES} malformed messages, closes an oversized frame with 1009, then answers`, async () => {
    const started = Date.now()
    const frames = fuzzFrames(20_261_202, MESSAGES)
    expect(frames.length).toBeGreaterThanOrEqual(MESSAGES)

    const clients = await Promise.all(Array.from({ length: SOCKETS }, () => open(served)))
    for (let i = 0; i < frames.length; i += WINDOW * SOCKETS) {
      expect(Date.now() - started, 'fuzz run over its time budget').toBeLessThan(BUDGET_MS)
      frames.slice(i, i + WINDOW * SOCKETS).forEach((f, j) => send(clients[j % SOCKETS] as Client, f))
      // Each socket still answers a correct call after its share of the window.
      for (const c of clients) expect(await appInfo(c)).toMatchObject({ ok: true, value: { name: 'Keytrail' } })
    }

    // Everything the host sent back is a well-formed message; none reports a Keytrail bug.
    const replies = clients.flatMap((c) => c.replies)
    const malformed = replies.filter((r) => !serverMessageSchema.safeParse(r).success)
    expect(malformed.slice(0, 5)).toEqual([])
    const codes = replies.map((r) => (r as { error?: { code?: string } }).error?.code).filter(Boolean)
    expect(codes).not.toContain('INTERNAL')
    expect(codes.filter((c) => c === 'INVALID_INPUT').length).toBeGreaterThan(MESSAGES / 2)
    for (const c of clients) expect(c.ws.readyState).toBe(WebSocket.OPEN)
    for (const c of clients) c.ws.close()

    // A frame over the host's limit closes that socket with 1009 (message too big).
    const big = await open(served)
    big.ws.send('x'.repeat(MAX_PAYLOAD + 1))
    expect(await big.closed).toBe(1009)
    // Text that is not UTF-8 closes with 1007 (invalid frame payload data).
    const badUtf8 = await open(served)
    badUtf8.ws.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false })
    expect(await badUtf8.closed).toBe(1007)

    // The host is alive, answers a correct call on a fresh socket, and logged no unhandled failure.
    expect(served.process.exitCode).toBeNull()
    expect(served.process.signalCode).toBeNull()
    const fresh = await open(served)
    expect(await appInfo(fresh)).toMatchObject({ t: 'result', ok: true, value: { name: 'Keytrail', host: 'browser' } })
    fresh.ws.close()
    expect(stderr).not.toMatch(/unhandled|uncaught|rejection|RangeError|TypeError|heap out of memory/i)

    const seconds = (Date.now() - started) / 1000
    const byCode = new Map<string, number>()
    for (const c of codes) byCode.set(c as string, (byCode.get(c as string) ?? 0) + 1)
    const byLabel = new Map<string, number>()
    for (const f of frames) byLabel.set(f.label, (byLabel.get(f.label) ?? 0) + 1)
    console.log(
      `ws-fuzz: ${frames.length + 2} malformed messages (${[...byLabel].map(([k, n]) => `${n} ${k}`).join(', ')}, ` +
        `1 oversized, 1 invalid UTF-8) in ${seconds.toFixed(1)} s; ${replies.length} replies ` +
        `(${malformed.length} malformed), ` +
        `errors ${[...byCode].map(([k, n]) => `${k} ${n}`).join(', ')}; host alive, 0 crashes; stderr ${stderr.length} bytes`,
    )
    expect(seconds).toBeLessThan(BUDGET_MS / 1000)
  })
})
