import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { startServe, type Served } from '../../e2e/support/serve'
import type { WireClient } from '../../src/shared/client'
import { STACK_PROFILE_IDS, stackProfiles } from '../../src/main/profiles/stack-profiles'
import { readStackClients, type StackClients } from '../../src/main/stack/secure-stack'
import { addBrokenProfiles, cli, cliRoundTrip, failure, hostClient, hostRoundTrip } from './secure-support'

const repoRoot = inject('repoRoot')
// The global setup starts (or upgrades) the stack with --secure unless KEYTRAIL_STACK_SECURE=0.
const secure = stackProfiles(process.env).length > 0
if (!secure) console.warn('[secure.itest] skipped: the stack runs without --secure (KEYTRAIL_STACK_SECURE=0)')

/** Every call must answer a failed authentication or handshake this fast: an on-call engineer is waiting. */
const ERROR_BUDGET_MS = 2_000

describe.skipIf(!secure)('secured Kafka: SASL PLAIN/SCRAM, TLS, mTLS, SASL_SSL', () => {
  let dir: string
  let env: NodeJS.ProcessEnv
  let served: Served
  let host: { client: WireClient; close: () => void }
  let clients: StackClients
  const run = (args: string[]) => cli(repoRoot, env, args)

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'keytrail-secure-itest-'))
    env = {
      KEYTRAIL_CONFIG_DIR: path.join(dir, 'config'),
      KEYTRAIL_STATE_DIR: path.join(dir, 'state'),
      KEYTRAIL_SECRET_BAD_PASS_KAFKA_PASSWORD: 'not-the-password',
    }
    const found = readStackClients(inject('stack').dir)
    if (!found) throw new Error('The secure stack has no clients file')
    clients = found
    await addBrokenProfiles(run, dir, clients)
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
