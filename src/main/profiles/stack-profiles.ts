import path from 'node:path'
import { profileSchema, type Profile, type SecretKey } from '../../shared/contract'
import { readPid } from '../stack/processes'
import { readStackClients, type StackClients } from '../stack/secure-stack'
import { defaultStackOptions, stackOptionsSchema, stackPaths, type StackOptions } from '../stack/stack-config'
import { demoTraceMap, registryDemoTraceMap } from '../trace/demo-trace-map'
import { registryUrl } from '../stack/registry-node'
import { existsSync, readFileSync } from 'node:fs'
import type { SecretStore } from './secret-store'

export const STACK_PROFILE_IDS = [
  'local-plain',
  'local-scram',
  'local-tls',
  'local-mtls',
  'local-sasl-ssl',
  'local-oauth',
] as const
export type StackProfileId = (typeof STACK_PROFILE_IDS)[number]
export const REGISTRY_PROFILE_ID = 'local-registry'

interface SecureStack {
  options: StackOptions
  clients: StackClients
}

/** The options of this environment's local stack while its broker runs (its state file read now). */
function runningStack(env: NodeJS.ProcessEnv): StackOptions | undefined {
  const dir = defaultStackOptions(env).dir
  const state = stackPaths({ dir, kafkaVersion: '' }).state
  if (!existsSync(state)) return undefined
  let options: StackOptions
  try {
    const parsed = stackOptionsSchema.safeParse(JSON.parse(readFileSync(state, 'utf8')))
    if (!parsed.success) return undefined
    options = parsed.data
  } catch {
    return undefined
  }
  return readPid(path.join(stackPaths(options).run, 'kafka.pid')) === undefined ? undefined : options
}

/** The local stack of this environment when it runs with --secure (its state and clients files read now). */
function secureStack(env: NodeJS.ProcessEnv): SecureStack | undefined {
  const options = runningStack(env)
  if (!options?.secure) return undefined
  const clients = readStackClients(options.dir)
  return clients ? { options, clients } : undefined
}

/**
 * `local-registry`: the PLAINTEXT listener with the stack's Schema Registry, tracing the demo's
 * JSON topics and their Avro/Protobuf copies (`stack up --registry`).
 */
function registryProfile(o: StackOptions): Profile {
  return profileSchema.parse({
    id: REGISTRY_PROFILE_ID,
    name: 'Local stack (Schema Registry)',
    environment: 'local',
    readOnly: false,
    kafka: { brokers: [`127.0.0.1:${o.kafkaPort}`], clientId: 'keytrail' },
    ...(o.flink ? { flink: { url: `http://127.0.0.1:${o.flinkPort}` } } : {}),
    schemaRegistry: { url: registryUrl(o) },
    trace: registryDemoTraceMap,
  })
}

function stackProfile(s: SecureStack, id: StackProfileId): Profile | undefined {
  const { clients: c, options: o } = s
  // A stack started before the OAUTHBEARER listener existed has none until its next `up --secure`.
  const oauth =
    c.oauth && c.ports.oauth
      ? {
          port: c.ports.oauth,
          sasl: {
            mechanism: 'oauthbearer',
            oauth: {
              tokenUrl: c.oauth.tokenUrl,
              clientId: c.oauth.clientId,
              scope: c.oauth.scope,
              audience: c.oauth.audience,
            },
          },
        }
      : undefined
  const kafka = {
    'local-plain': { port: c.ports.saslPlaintext, sasl: { mechanism: 'plain', username: c.users.plain.username } },
    'local-scram': {
      port: c.ports.saslPlaintext,
      sasl: { mechanism: 'scram-sha-512', username: c.users.scram.username },
    },
    'local-tls': { port: c.ports.ssl, tls: { enabled: true, caFile: c.caFile } },
    'local-mtls': {
      port: c.ports.mtls,
      tls: { enabled: true, caFile: c.caFile, certFile: c.certFile, keyFile: c.keyFile },
    },
    'local-sasl-ssl': {
      port: c.ports.saslSsl,
      sasl: { mechanism: 'scram-sha-256', username: c.users.scram.username },
      tls: { enabled: true, caFile: c.caFile },
    },
    'local-oauth': oauth,
  }[id]
  if (!kafka) return undefined
  const { port, ...security } = kafka
  return profileSchema.parse({
    id,
    name: `Local stack (${id.slice('local-'.length).toUpperCase()})`,
    environment: 'local',
    readOnly: false,
    kafka: { brokers: [`127.0.0.1:${port}`], clientId: 'keytrail', ...security },
    ...(o.flink ? { flink: { url: `http://127.0.0.1:${o.flinkPort}` } } : {}),
    trace: demoTraceMap,
  })
}

/**
 * The built-in profiles of the secure listeners (with --secure) and of the Schema Registry (with
 * --registry); none while the local stack is down.
 */
export function stackProfiles(env: NodeJS.ProcessEnv = process.env): Profile[] {
  const s = secureStack(env)
  const o = s?.options ?? runningStack(env)
  return [
    ...(s ? STACK_PROFILE_IDS.flatMap((id) => stackProfile(s, id) ?? []) : []),
    ...(o?.registry ? [registryProfile(o)] : []),
  ]
}

function stackSecret(env: NodeJS.ProcessEnv, profileId: string, key: SecretKey): string | undefined {
  if (key === 'oauthClientSecret' && profileId === 'local-oauth') return secureStack(env)?.clients.oauth?.clientSecret
  if (key !== 'kafkaPassword') return undefined
  const c = secureStack(env)?.clients
  if (!c) return undefined
  if (profileId === 'local-plain') return c.users.plain.password
  if (profileId === 'local-scram' || profileId === 'local-sasl-ssl') return c.users.scram.password
  return undefined
}

/**
 * The user's secret store, plus the passwords (and the OAuth client secret) of the secure stack's built-in profiles read from
 * the stack's own 0600 clients file (a secret the user set for one of them takes precedence).
 */
export function withStackSecrets(inner: SecretStore, env: NodeJS.ProcessEnv = process.env): SecretStore {
  return {
    get: async (id, key) => (await inner.get(id, key)) ?? stackSecret(env, id, key),
    set: (id, key, value) => inner.set(id, key, value),
    removeProfile: (id) => inner.removeProfile(id),
    keys: async (id) => {
      const own = await inner.keys(id)
      const stack = (['kafkaPassword', 'oauthClientSecret'] as const).filter(
        (k) => !own.includes(k) && stackSecret(env, id, k) !== undefined,
      )
      return [...own, ...stack]
    },
  }
}
