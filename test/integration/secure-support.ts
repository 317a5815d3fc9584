import { spawn, spawnSync } from 'node:child_process'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { writeFileSync } from 'node:fs'
import { expect } from 'vitest'
import path from 'node:path'
import WebSocket from 'ws'
import type { Served } from '../../e2e/support/serve'
import { ApiError, type TraceEvent, type TraceUpdate } from '../../src/shared/contract'
import { createWireClient, type WireClient } from '../../src/shared/client'
import type { StackClients } from '../../src/main/stack/secure-stack'
import { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes } from 'kafkajs'
import { withAdmin } from './support'

export interface CliRun {
  code: number | null
  stdout: string
  stderr: string
  ms: number
}

/** Runs the built CLI (bin/keytrail.js) as a user would, with extra environment. */
export function cli(
  repoRoot: string,
  env: NodeJS.ProcessEnv,
  args: string[],
  // A machine shared by many runs may need longer (KEYTRAIL_TEST_CLI_TIMEOUT_MS).
  timeoutMs = Number(process.env.KEYTRAIL_TEST_CLI_TIMEOUT_MS ?? 60_000),
): Promise<CliRun> {
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

/** profiles test, lag, find and trace of one profile through the CLI, each as a user runs it. */
export async function cliRoundTrip(run: (args: string[]) => Promise<CliRun>, id: string): Promise<void> {
  const test = await run(['profiles', 'test', id, '--json'])
  expect(test.code, test.stderr).toBe(0)
  expect(JSON.parse(test.stdout)).toMatchObject({ kafka: { reachable: true, brokerCount: 1 } })
  const lag = await run(['lag', '--profile', id, '--json'])
  expect([0, 3], lag.stderr).toContain(lag.code)
  expect((JSON.parse(lag.stdout) as unknown[]).length).toBeGreaterThan(0)
  const find = await run(['find', '--profile', id, '--type', 'OrderCreated', '--last', '10m', '--json'])
  expect(find.code, find.stderr).toBe(0)
  const hits = (JSON.parse(find.stdout) as { hits: Array<{ entityId: string | null }> }).hits
  const entityId = hits.find((h) => h.entityId)?.entityId
  expect(entityId, 'an order created in the last 10 minutes').toBeTruthy()
  const trace = await run(['trace', entityId!, '--profile', id, '--since=-10m', '--json'])
  expect([0, 3], trace.stderr).toContain(trace.code)
  const events = (JSON.parse(trace.stdout) as { events: Array<{ type: string | null }> }).events
  expect(events.map((e) => e.type)).toContain('OrderCreated')
  console.log(
    `[secure.itest] ${id} CLI processes: profiles test ${test.ms} ms, lag ${lag.ms} ms, find ${find.ms} ms, trace ${trace.ms} ms`,
  )
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now()
  const value = await work()
  return { value, ms: Math.round(performance.now() - started) }
}

/** The same four through the browser-mode host's WebSocket. */
export async function hostRoundTrip(c: WireClient, id: string): Promise<void> {
  const report = await timed(() => c.call('profiles.test', { id }))
  expect(report.value.kafka.reachable, report.value.kafka.error).toBe(true)
  const lag = await timed(() => c.call('lag.describe', { id }))
  expect(lag.value.groups.length).toBeGreaterThan(0)
  const found = await timed(() => c.call('trace.find', { id, type: 'OrderCreated', last: '10m' }))
  const entityId = found.value.hits.find((h) => h.entityId)?.entityId
  expect(entityId).toBeTruthy()
  const events = await timed(() => hostTrace(c, id, entityId!))
  expect(events.value.map((e) => e.type)).toContain('OrderCreated')
  console.log(
    `[secure.itest] ${id} host: profiles test ${report.ms} ms, lag ${lag.ms} ms, find ${found.ms} ms, trace ${events.ms} ms`,
  )
}

/**
 * Profiles that must fail, each with the demo trace map (so that find and trace get as far as
 * connecting): a wrong password (its secret comes from KEYTRAIL_SECRET_BAD_PASS_KAFKA_PASSWORD),
 * a CA that did not sign the broker's certificate, no client certificate on the mTLS listener, and a
 * wrong OAuth client secret (KEYTRAIL_SECRET_BAD_OAUTH_OAUTH_CLIENT_SECRET).
 */
export async function addBrokenProfiles(
  run: (args: string[]) => Promise<CliRun>,
  dir: string,
  clients: StackClients,
): Promise<void> {
  const p = clients.ports
  const scram = clients.users.scram.username
  const adds = [
    ['bad-pass', '--brokers', `127.0.0.1:${p.saslPlaintext}`, '--sasl', 'SCRAM-SHA-512', '--sasl-username', scram],
    ['bad-ca', '--brokers', `127.0.0.1:${p.ssl}`, '--tls-ca', otherCa(dir)],
    ['no-cert', '--brokers', `127.0.0.1:${p.mtls}`, '--tls-ca', clients.caFile],
    // Its client secret comes from KEYTRAIL_SECRET_BAD_OAUTH_OAUTH_CLIENT_SECRET and is wrong.
    ...(clients.oauth && p.oauth
      ? [
          ['bad-oauth', '--brokers', `127.0.0.1:${p.oauth}`, '--sasl', 'OAUTHBEARER'].concat([
            '--oauth-token-url',
            clients.oauth.tokenUrl,
            '--oauth-client-id',
            clients.oauth.clientId,
          ]),
        ]
      : []),
  ]
  const map = await run(['map', 'show', 'local', '--json'])
  expect(map.code, map.stderr).toBe(0)
  const mapFile = path.join(dir, 'map.json')
  writeFileSync(mapFile, map.stdout)
  for (const args of adds) {
    const res = await run(['profiles', 'add', ...args, '--env', 'local'])
    expect(res.code, res.stderr).toBe(0)
    const set = await run(['map', 'set', args[0]!, '--file', mapFile])
    expect(set.code, set.stderr).toBe(0)
  }
}

/** A topic the stack's secured broker denies to the PLAIN user (an ACL this module adds). */
export const ACL_DENIED_TOPIC = 'keytrail-acl-denied'

/**
 * `acl-denied`: the PLAIN user of the stack, its password from KEYTRAIL_SECRET_ACL_DENIED_KAFKA_PASSWORD,
 * with a trace map of one topic that a DENY ACL closes to that user. The topic and the ACL are
 * made over PLAINTEXT, whose ANONYMOUS principal is the broker's super user.
 */
export async function addAclDeniedProfile(
  run: (args: string[]) => Promise<CliRun>,
  dir: string,
  clients: StackClients,
): Promise<void> {
  await withAdmin(async (admin) => {
    if (!(await admin.listTopics()).includes(ACL_DENIED_TOPIC))
      await admin.createTopics({ topics: [{ topic: ACL_DENIED_TOPIC, numPartitions: 1 }], waitForLeaders: true })
    await admin.createAcls({
      acl: [
        {
          resourceType: AclResourceTypes.TOPIC,
          resourceName: ACL_DENIED_TOPIC,
          resourcePatternType: ResourcePatternTypes.LITERAL,
          principal: `User:${clients.users.plain.username}`,
          host: '*',
          operation: AclOperationTypes.ALL,
          permissionType: AclPermissionTypes.DENY,
        },
      ],
    })
  })
  const add = await run(
    ['profiles', 'add', 'acl-denied', '--brokers', `127.0.0.1:${clients.ports.saslPlaintext}`].concat([
      '--sasl',
      'PLAIN',
      '--sasl-username',
      clients.users.plain.username,
      '--env',
      'local',
    ]),
  )
  expect(add.code, add.stderr).toBe(0)
  const mapFile = path.join(dir, 'acl-map.json')
  writeFileSync(
    mapFile,
    JSON.stringify({
      entity: 'order',
      rootKind: 'orderId',
      topics: [{ topic: ACL_DENIED_TOPIC, ids: [{ from: 'key', kind: 'orderId' }] }],
    }),
  )
  const set = await run(['map', 'set', 'acl-denied', '--file', mapFile])
  expect(set.code, set.stderr).toBe(0)
}

const b64url = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url')

/**
 * A client-credentials endpoint on 127.0.0.1 that answers every request with a well-formed JWT
 * (the stack's issuer and audience, a kid the stack's JWKS lacks) signed by nobody: a token the
 * endpoint accepts and the broker must refuse.
 */
export async function startForgedTokenEndpoint(
  clients: StackClients,
): Promise<{ url: string; served: () => number; close: () => Promise<void> }> {
  let served = 0
  const now = Math.floor(Date.now() / 1000)
  const jwt = [
    b64url({ alg: 'RS256', typ: 'JWT', kid: 'forged' }),
    b64url({ sub: 'mallory', iss: clients.oauth?.issuer, aud: clients.oauth?.audience, iat: now, exp: now + 3600 }),
    Buffer.from('not a signature').toString('base64url'),
  ].join('.')
  const server = http.createServer((req, res) => {
    served++
    req.resume()
    res.setHeader('content-type', 'application/json')
    res.end(JSON.stringify({ access_token: jwt, token_type: 'Bearer', expires_in: 3600 }))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/token`,
    served: () => served,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
