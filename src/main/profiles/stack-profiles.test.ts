import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ensureSecureMaterial, oauthJvmArgs, secureListenerSettings, securePorts } from '../stack/secure-stack'
import { defaultStackOptions } from '../stack/stack-config'
import { ProfileStore, localProfile } from './profile-store'
import { FileSecretStore } from './secret-store'
import { REGISTRY_PROFILE_ID, STACK_PROFILE_IDS, stackProfiles, withStackSecrets } from './stack-profiles'

describe('secure stack profiles', () => {
  let dir: string
  let env: NodeJS.ProcessEnv
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'keytrail-secure-'))
    env = { KEYTRAIL_STACK_DIR: path.join(dir, 'stack'), KEYTRAIL_STACK_KAFKA_PORT: '29092' }
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  /** A stack state as `stack up --secure` leaves it, with this process standing in for Kafka. */
  async function secureStack(): Promise<void> {
    const o = { ...defaultStackOptions(env), secure: true }
    mkdirSync(path.join(o.dir, 'run'), { recursive: true })
    writeFileSync(path.join(o.dir, 'run', 'stack.json'), JSON.stringify(o))
    writeFileSync(path.join(o.dir, 'run', 'kafka.pid'), String(process.pid))
    await ensureSecureMaterial(o.dir, o.kafkaPort)
  }

  it('puts the secure listeners at the Kafka port +2…+6 with one JAAS per mechanism', async () => {
    expect(securePorts(9092)).toEqual({ saslPlaintext: 9094, ssl: 9095, mtls: 9096, saslSsl: 9097, oauth: 9098 })
    await secureStack()
    const clients = await ensureSecureMaterial(env.KEYTRAIL_STACK_DIR!, 29092)
    const s = secureListenerSettings(clients)
    expect(s.listeners).toContain('MTLS://127.0.0.1:29096')
    expect(s.protocols).toContain('MTLS:SSL')
    expect(s.properties).toContain('listener.name.mtls.ssl.client.auth=required')
    expect(s.properties.filter((p) => p.includes('sasl.jaas.config'))).toHaveLength(7)
    // OAUTHBEARER: the broker validates the JWT against the JWKS of the stack's token endpoint (+7).
    expect(s.listeners).toContain('OAUTH://127.0.0.1:29098')
    expect(s.protocols).toContain('OAUTH:SASL_PLAINTEXT')
    expect(s.properties).toContain('listener.name.oauth.sasl.enabled.mechanisms=OAUTHBEARER')
    expect(s.properties).toContain('sasl.oauthbearer.jwks.endpoint.url=http://127.0.0.1:29099/jwks')
    expect(s.properties).toContain(`sasl.oauthbearer.expected.audience=${clients.oauth!.audience}`)
    expect(oauthJvmArgs(clients)).toEqual([
      '-Dorg.apache.kafka.sasl.oauthbearer.allowed.urls=http://127.0.0.1:29099/jwks',
    ])
    // The client id and secret are kept across starts, like the passwords.
    const again = await ensureSecureMaterial(env.KEYTRAIL_STACK_DIR!, 29092)
    expect(again.oauth?.clientSecret).toBe(clients.oauth?.clientSecret)
    expect(statSync(clients.oauth!.signingKeyFile).mode & 0o777).toBe(0o600)
  }, 60_000)

  it('exist only while the secure stack runs, with passwords from its 0600 clients file', async () => {
    expect(stackProfiles(env)).toEqual([])
    await secureStack()
    const clientsFile = path.join(env.KEYTRAIL_STACK_DIR!, 'secure', 'clients.json')
    expect(statSync(clientsFile).mode & 0o777).toBe(0o600)
    const profiles = stackProfiles(env)
    expect(profiles.map((p) => p.id)).toEqual([...STACK_PROFILE_IDS])
    expect(profiles.find((p) => p.id === 'local-mtls')?.kafka.tls?.certFile).toMatch(/client\.pem$/)
    const secrets = withStackSecrets(new FileSecretStore(path.join(dir, 'secrets.json'), undefined, env), env)
    const clients = JSON.parse(readFileSync(clientsFile, 'utf8')) as { users: { scram: { password: string } } }
    expect(await secrets.get('local-scram', 'kafkaPassword')).toBe(clients.users.scram.password)
    expect(await secrets.keys('local-sasl-ssl')).toEqual(['kafkaPassword'])
    expect(await secrets.get('local-tls', 'kafkaPassword')).toBeUndefined()
    const oauth = profiles.find((p) => p.id === 'local-oauth')?.kafka
    expect(oauth?.brokers).toEqual(['127.0.0.1:29098'])
    expect(oauth?.sasl).toMatchObject({ mechanism: 'oauthbearer', oauth: { tokenUrl: 'http://127.0.0.1:29099/token' } })
    const stored = JSON.parse(readFileSync(clientsFile, 'utf8')) as { oauth: { clientSecret: string } }
    expect(await secrets.get('local-oauth', 'oauthClientSecret')).toBe(stored.oauth.clientSecret)
    expect(await secrets.keys('local-oauth')).toEqual(['oauthClientSecret'])
  }, 60_000)

  it('add local-registry while the stack runs with --registry: PLAINTEXT, the registry, the Avro/Protobuf topics', async () => {
    const o = { ...defaultStackOptions(env), registry: true }
    mkdirSync(path.join(o.dir, 'run'), { recursive: true })
    writeFileSync(path.join(o.dir, 'run', 'stack.json'), JSON.stringify(o))
    expect(stackProfiles(env)).toEqual([])
    writeFileSync(path.join(o.dir, 'run', 'kafka.pid'), String(process.pid))
    const [p, ...rest] = stackProfiles(env)
    expect(rest).toEqual([])
    expect(p?.id).toBe(REGISTRY_PROFILE_ID)
    expect(p?.kafka.brokers).toEqual(['127.0.0.1:29092'])
    expect(p?.schemaRegistry?.url).toBe('http://127.0.0.1:29100/apis/ccompat/v7')
    expect(p?.trace?.topics.map((t) => t.topic)).toEqual(expect.arrayContaining(['orders-avro', 'payments-proto']))
    await secureStack()
    expect(stackProfiles(env).map((x) => x.id)).toEqual([...STACK_PROFILE_IDS])
  })

  it('are listed and built in, but not written to profiles.json unless edited', async () => {
    await secureStack()
    const store = new ProfileStore(path.join(dir, 'profiles.json'), localProfile(env), () => stackProfiles(env))
    expect((await store.list()).profiles.map((p) => p.id)).toEqual(['local', ...STACK_PROFILE_IDS])
    expect(store.isBuiltIn('local-scram')).toBe(true)
    await expect(store.remove('local-scram')).rejects.toThrow(/cannot be removed/)
    await store.setActive('local-tls')
    const written = JSON.parse(readFileSync(path.join(dir, 'profiles.json'), 'utf8')) as {
      profiles: Array<{ id: string }>
    }
    expect(written.profiles.map((p) => p.id)).toEqual(['local'])
    const plainStore = new ProfileStore(path.join(dir, 'profiles.json'), localProfile(env))
    expect((await plainStore.list()).activeId).toBe('local')
  }, 60_000)
})
