import { spawn, spawnSync } from 'node:child_process'
import path from 'node:path'
import WebSocket from 'ws'
import type { Served } from '../../e2e/support/serve'
import { ApiError, type TraceEvent, type TraceUpdate } from '../../src/shared/contract'
import { createWireClient, type WireClient } from '../../src/shared/client'

export interface CliRun {
  code: number | null
  stdout: string
  stderr: string
  ms: number
}

/** Runs the built CLI (bin/keytrail.js) as a user would, with extra environment. */
export function cli(repoRoot: string, env: NodeJS.ProcessEnv, args: string[], timeoutMs = 60_000): Promise<CliRun> {
  const started = performance.now()
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin/keytrail.js'), ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`keytrail ${args.join(' ')} did not finish in ${timeoutMs} ms:\n${stdout}\n${stderr}`))
    }, timeoutMs)
    child.once('exit', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr, ms: Math.round(performance.now() - started) })
    })
  })
}

/** A contract client over the browser-mode host's WebSocket, as the renderer uses it. */
export function hostClient(served: Served): Promise<{ client: WireClient; close: () => void }> {
  const u = new URL(served.url)
  const ws = new WebSocket(`ws://${u.host}/api?token=${u.searchParams.get('token') ?? ''}`, {
    headers: { origin: u.origin },
  })
  const client = createWireClient((msg) => ws.send(JSON.stringify(msg)))
  ws.on('message', (data) => client.receive(JSON.parse(String(data))))
  ws.on('close', () => client.disconnect('closed'))
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ client, close: () => ws.close() }))
    ws.once('error', reject)
  })
}

/** A trace over the host: its events and verdict. */
export function hostTrace(client: WireClient, id: string, entityId: string): Promise<TraceEvent[]> {
  const events: TraceEvent[] = []
  return new Promise((resolve, reject) => {
    client.subscribe(
      'trace.run',
      { id, entityId, fullScan: false, includeAborted: false },
      {
        event: (u: TraceUpdate) => {
          if (u.kind === 'events') events.push(...u.events)
        },
        end: () => resolve(events),
        error: reject,
      },
    )
  })
}

/** The API error a call fails with, and how long it took to fail. */
export async function failure(work: () => Promise<unknown>): Promise<{ error: ApiError; ms: number }> {
  const started = performance.now()
  try {
    await work()
  } catch (err) {
    if (err instanceof ApiError) return { error: err, ms: Math.round(performance.now() - started) }
    throw err
  }
  throw new Error('expected the call to fail')
}

/** A CA that signed nothing the broker uses: a profile trusting only it must not trust the broker. */
export function otherCa(dir: string): string {
  const file = path.join(dir, 'other-ca.pem')
  const res = spawnSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'].concat([
      '-keyout',
      path.join(dir, 'other-ca.key'),
      '-subj',
      '/CN=Some other CA',
      '-days',
      '2',
      '-out',
      file,
    ]),
    { encoding: 'utf8' },
  )
  if (res.status !== 0) throw new Error(`openssl failed: ${res.stderr}`)
  return file
}
