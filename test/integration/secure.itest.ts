import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { startServe, type Served } from '../../e2e/support/serve'
import type { WireClient } from '../../src/shared/client'
import type { FindResult } from '../../src/shared/contract'
import { STACK_PROFILE_IDS, stackProfiles } from '../../src/main/profiles/stack-profiles'
import { readStackClients, type StackClients } from '../../src/main/stack/secure-stack'
import {
  ACL_DENIED_TOPIC,
  addAclDeniedProfile,
  addBrokenProfiles,
  cli,
  cliRoundTrip,
  failure,
  hostClient,
  hostRoundTrip,
  startForgedTokenEndpoint,
} from './secure-support'

const repoRoot = inject('repoRoot')
// The global setup starts (or upgrades) the stack with --secure unless KEYTRAIL_STACK_SECURE=0.
const secure = stackProfiles(process.env).length > 0
if (!secure) console.warn('[secure.itest] skipped: the stack runs without --secure (KEYTRAIL_STACK_SECURE=0)')

/** Every call must answer a failed authentication or handshake this fast: an on-call engineer is waiting. */
const ERROR_BUDGET_MS = 2_000

const WRONG_OAUTH_SECRET = 'wrong-oauth-client-secret-0815'

describe.skipIf(!secure)('secured Kafka: SASL PLAIN/SCRAM, TLS, mTLS, SASL_SSL, OAUTHBEARER', () => {
  let dir: string
  let env: NodeJS.ProcessEnv
  let served: Served
  let host: { client: WireClient; close: () => void }
  let clients: StackClients
  const run = (args: string[]) => cli(repoRoot, env, args)

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'keytrail-secure-itest-'))
    const found = readStackClients(inject('stack').dir)
    if (!found) throw new Error('The secure stack has no clients file')
    clients = found
    env = {
      KEYTRAIL_CONFIG_DIR: path.join(dir, 'config'),
      KEYTRAIL_STATE_DIR: path.join(dir, 'state'),
      KEYTRAIL_SECRET_BAD_PASS_KAFKA_PASSWORD: 'not-the-password',
      KEYTRAIL_SECRET_BAD_OAUTH_OAUTH_CLIENT_SECRET: WRONG_OAUTH_SECRET,
      KEYTRAIL_SECRET_ACL_DENIED_KAFKA_PASSWORD: clients.users.plain.password,
      KEYTRAIL_SECRET_FORGED_OAUTH_OAUTH_CLIENT_SECRET: 'any-secret-the-forger-accepts',
    }
    await addBrokenProfiles(run, dir, clients)
    await addAclDeniedProfile(run, dir, clients)
    served = await startServe(env)
    host = await hostClient(served)
  })

  afterAll(async () => {
    host?.close()
    await served?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  for (const id of STACK_PROFILE_IDS) {
    it(`${id}: profiles test, lag, find and trace through the CLI`, () => cliRoundTrip(run, id))
    it(`${id}: profiles test, lag, find and trace through the browser-mode host`, () => hostRoundTrip(host.client, id))
  }

  it('a wrong password is UNAUTHORIZED with principal and mechanism, fast, printed once by the CLI', async () => {
    const viaHost = await failure(() => host.client.call('trace.find', { id: 'bad-pass', type: 'OrderCreated' }))
    expect(viaHost.error.code).toBe('UNAUTHORIZED')
    expect(viaHost.error.message).toContain(`"User:${clients.users.scram.username}" (SASL SCRAM-SHA-512)`)
    expect(viaHost.ms).toBeLessThan(ERROR_BUDGET_MS)
    const lag = await failure(() => host.client.call('lag.describe', { id: 'bad-pass' }))
    expect(lag.error.code).toBe('UNAUTHORIZED')
    expect(lag.ms).toBeLessThan(ERROR_BUDGET_MS)
    const viaCli = await run(['find', '--profile', 'bad-pass', '--type', 'OrderCreated'])
    expect(viaCli.code).toBe(1)
    expect(viaCli.stderr.match(/UNAUTHORIZED/g)).toHaveLength(1)
    expect(viaCli.stderr).not.toContain('INTERNAL')
    console.log(`[secure.itest] wrong password: host ${viaHost.ms} ms (lag ${lag.ms} ms), CLI process ${viaCli.ms} ms`)
  })

  it('a topic an ACL denies is FORBIDDEN with the principal and mechanism, fast, printed once by the CLI', async () => {
    const viaHost = await failure(() => host.client.call('trace.find', { id: 'acl-denied', last: '10m' }))
    expect(viaHost.error.code).toBe('FORBIDDEN')
    expect(viaHost.error.message).toContain(`"User:${clients.users.plain.username}" (SASL PLAIN)`)
    expect(viaHost.error.message).toContain('TOPIC_AUTHORIZATION_FAILED')
    expect(viaHost.ms).toBeLessThan(ERROR_BUDGET_MS)
    const viaCli = await run(['find', '--profile', 'acl-denied', '--last', '10m'])
    expect(viaCli.code).toBe(1)
    expect(viaCli.stderr.match(/FORBIDDEN/g)).toHaveLength(1)
    expect(viaCli.stderr).toContain(ACL_DENIED_TOPIC)
    console.log(`[secure.itest] ACL denial: host ${viaHost.ms} ms, CLI process ${viaCli.ms} ms`)
  })

  it('a denied topic beside readable ones is skipped and named; the others are searched', async () => {
    const mapFile = path.join(dir, 'acl-partly-map.json')
    writeFileSync(
      mapFile,
      JSON.stringify({
        entity: 'order',
        rootKind: 'orderId',
        typePath: '$.type',
        topics: [
          { topic: ACL_DENIED_TOPIC, ids: [{ from: 'key', kind: 'orderId' }] },
          { topic: 'orders', ids: [{ from: 'key', kind: 'orderId' }] },
        ],
      }),
    )
    const set = await run(['map', 'set', 'acl-denied', '--file', mapFile])
    expect(set.code, set.stderr).toBe(0)
    try {
      const viaCli = await run(['find', '--profile', 'acl-denied', '--last', '10m', '--type', 'OrderCreated', '--json'])
      expect(viaCli.code, viaCli.stderr).toBe(0)
      const res = JSON.parse(viaCli.stdout) as FindResult
      expect(res.hits.length).toBeGreaterThan(0)
      expect(res.hits.every((h) => h.topic === 'orders')).toBe(true)
      expect(res.deniedTopics).toEqual([
        {
          topic: ACL_DENIED_TOPIC,
          message: expect.stringContaining(`"User:${clients.users.plain.username}" (SASL PLAIN)`),
        },
      ])
      const text = await run(['find', '--profile', 'acl-denied', '--last', '10m', '--type', 'OrderCreated'])
      expect(text.code, text.stderr).toBe(0)
      expect(text.stderr.match(/WARN {2}skipped: .*TOPIC_AUTHORIZATION_FAILED/g)).toHaveLength(1)
    } finally {
      const back = await run(['map', 'set', 'acl-denied', '--file', path.join(dir, 'acl-map.json')])
      expect(back.code, back.stderr).toBe(0)
    }
  })

  it('a token the broker itself refuses is UNAUTHORIZED naming OAUTHBEARER and the token URL, fast, printed once', async () => {
    // A token endpoint that hands out a JWT the broker cannot validate: not signed by the stack's key.
    const forger = await startForgedTokenEndpoint(clients)
    try {
      const add = await run(
        ['profiles', 'add', 'forged-oauth', '--brokers', `127.0.0.1:${clients.ports.oauth}`].concat([
          '--sasl',
          'OAUTHBEARER',
          '--oauth-token-url',
          forger.url,
          '--oauth-client-id',
          'mallory',
          '--env',
          'local',
        ]),
      )
      expect(add.code, add.stderr).toBe(0)
      const viaCli = await run(['profiles', 'test', 'forged-oauth'])
      expect(viaCli.code).toBe(1)
      expect(viaCli.stdout).toContain('UNAUTHORIZED')
      expect(viaCli.stdout).toContain(`did not accept the access token from ${forger.url}`)
      expect(viaCli.stdout.match(/UNAUTHORIZED/g)).toHaveLength(1)
      const viaHost = await failure(() => host.client.call('lag.describe', { id: 'forged-oauth' }))
      expect(viaHost.error.code).toBe('UNAUTHORIZED')
      expect(viaHost.error.message).toContain('OAUTHBEARER')
      expect(viaHost.ms).toBeLessThan(ERROR_BUDGET_MS)
      expect(forger.served()).toBeGreaterThan(0)
      console.log(`[secure.itest] forged OAuth token: host ${viaHost.ms} ms, CLI profiles test ${viaCli.ms} ms`)
    } finally {
      await forger.close()
    }
  })

  it('a wrong OAuth client secret is UNAUTHORIZED naming the mechanism and the token URL, fast, printed once', async () => {
    const tokenUrl = clients.oauth!.tokenUrl
    const viaHost = await failure(() => host.client.call('trace.find', { id: 'bad-oauth', type: 'OrderCreated' }))
    expect(viaHost.error.code).toBe('UNAUTHORIZED')
    expect(viaHost.error.message).toMatch(/^SASL OAUTHBEARER: /)
    expect(viaHost.error.message).toContain(`the OAuth token endpoint ${tokenUrl} refused the client credentials`)
    expect(viaHost.error.message).not.toContain(WRONG_OAUTH_SECRET)
    expect(viaHost.ms).toBeLessThan(ERROR_BUDGET_MS)
    const lag = await failure(() => host.client.call('lag.describe', { id: 'bad-oauth' }))
    expect(lag.error.code).toBe('UNAUTHORIZED')
    expect(lag.ms).toBeLessThan(ERROR_BUDGET_MS)
    const test = await run(['profiles', 'test', 'bad-oauth'])
    expect(test.code).toBe(1)
    expect(test.stdout).toContain('UNAUTHORIZED: SASL OAUTHBEARER')
    const viaCli = await run(['find', '--profile', 'bad-oauth', '--type', 'OrderCreated'])
    expect(viaCli.code).toBe(1)
    expect(viaCli.stderr.match(/UNAUTHORIZED/g)).toHaveLength(1)
    expect(viaCli.stderr + viaCli.stdout + test.stdout).not.toContain(WRONG_OAUTH_SECRET)
    console.log(
      `[secure.itest] wrong OAuth client secret: host find ${viaHost.ms} ms (lag ${lag.ms} ms), CLI profiles test ${test.ms} ms, CLI find ${viaCli.ms} ms`,
    )
  })

  it('--oauth-client-secret goes to secrets.json (0600), not profiles.json, and authenticates', async () => {
    const o = clients.oauth!
    const add = await run(
      [
        'profiles',
        'add',
        'flag-oauth',
        '--brokers',
        `127.0.0.1:${clients.ports.oauth}`,
        '--sasl',
        'oauthbearer',
      ].concat([
        '--oauth-token-url',
        o.tokenUrl,
        '--oauth-client-id',
        o.clientId,
        '--oauth-client-secret',
        o.clientSecret,
        '--oauth-scope',
        o.scope,
        '--env',
        'local',
      ]),
    )
    expect(add.code, add.stderr).toBe(0)
    expect(add.stderr).toContain('warning: --oauth-client-secret is visible in the process list')
    const config = env.KEYTRAIL_CONFIG_DIR!
    expect(readFileSync(path.join(config, 'profiles.json'), 'utf8')).not.toContain(o.clientSecret)
    expect(statSync(path.join(config, 'secrets.json')).mode & 0o777).toBe(0o600)
    const test = await run(['profiles', 'test', 'flag-oauth', '--json'])
    expect(test.code, test.stdout + test.stderr).toBe(0)
    console.log(`[secure.itest] flag-oauth profiles test: CLI process ${test.ms} ms`)
  })

  it('a CA that did not sign the broker certificate is a named TLS error, fast', async () => {
    const viaHost = await failure(() => host.client.call('trace.find', { id: 'bad-ca', type: 'OrderCreated' }))
    expect(viaHost.error.code).toBe('UNAVAILABLE')
    expect(viaHost.error.message).toMatch(
      /^TLS: the broker's certificate .* is not trusted by the CA in .*other-ca\.pem/,
    )
    expect(viaHost.ms).toBeLessThan(ERROR_BUDGET_MS)
    const viaCli = await run(['profiles', 'test', 'bad-ca'])
    expect(viaCli.code).toBe(1)
    expect(viaCli.stdout).toContain('UNAVAILABLE: TLS:')
    console.log(`[secure.itest] wrong CA: host ${viaHost.ms} ms, CLI process ${viaCli.ms} ms`)
  })

  it('a missing client certificate on the mTLS listener is a named TLS error, fast', async () => {
    const viaHost = await failure(() => host.client.call('lag.describe', { id: 'no-cert' }))
    expect(viaHost.error.code).toBe('UNAUTHORIZED')
    expect(viaHost.error.message).toMatch(/^TLS: .* requires a client certificate \(mTLS\)/)
    expect(viaHost.ms).toBeLessThan(ERROR_BUDGET_MS)
    const viaCli = await run(['trace', 'ord-1', '--profile', 'no-cert'])
    expect(viaCli.code).toBe(1)
    expect(viaCli.stderr.match(/UNAUTHORIZED: TLS/g)).toHaveLength(1)
    console.log(`[secure.itest] missing client certificate: host ${viaHost.ms} ms, CLI process ${viaCli.ms} ms`)
  })
})
