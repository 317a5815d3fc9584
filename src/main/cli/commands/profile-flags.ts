import { existsSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import {
  environments,
  isAllowedTokenUrl,
  passwordSaslMechanisms,
  saslMechanisms,
  type Profile,
  type ProfileInput,
  type ProfileSecrets,
} from '../../../shared/contract'
import { UsageError } from '../io'

export const PROFILE_FLAGS = {
  json: { type: 'boolean' },
  name: { type: 'string' },
  env: { type: 'string' },
  brokers: { type: 'string' },
  'client-id': { type: 'string' },
  sasl: { type: 'string' },
  'sasl-username': { type: 'string' },
  'no-sasl': { type: 'boolean' },
  'oauth-token-url': { type: 'string' },
  'oauth-client-id': { type: 'string' },
  'oauth-client-secret': { type: 'string' },
  'oauth-scope': { type: 'string' },
  'oauth-audience': { type: 'string' },
  tls: { type: 'boolean' },
  'no-tls': { type: 'boolean' },
  'tls-ca': { type: 'string' },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  'tls-insecure': { type: 'boolean' },
  'flink-url': { type: 'string' },
  'flink-auth': { type: 'string' },
  'flink-username': { type: 'string' },
  'registry-url': { type: 'string' },
  'registry-username': { type: 'string' },
  'read-write': { type: 'boolean' },
} as const

type Values = ReturnType<typeof parseArgs<{ options: typeof PROFILE_FLAGS; strict: true }>>['values']

export interface FlagContext {
  /** The stored profile, for `profiles edit`: flags given replace its settings, the rest stays. */
  existing?: Profile
  /** Relative certificate paths are resolved against it, so that the profile works from anywhere. */
  cwd: string
  fileExists?: (file: string) => boolean
}

const HOST_PORT = /^[A-Za-z0-9.\-_[\]:]+:\d{1,5}$/

/** A value out of a fixed list (case-insensitive: Kafka's tools take SCRAM-SHA-512 in capitals). */
function oneOf<T extends string>(
  problems: string[],
  flag: string,
  value: string,
  accepted: readonly T[],
): T | undefined {
  const found = accepted.find((a) => a.toLowerCase() === value.trim().toLowerCase())
  if (!found) problems.push(`--${flag} "${value}" is not one of ${accepted.join(', ')}`)
  return found
}

function httpUrl(problems: string[], flag: string, value: string): string {
  try {
    if (/^https?:$/.test(new URL(value).protocol)) return value
  } catch {
    // reported below
  }
  problems.push(`--${flag} "${value}" is not an http(s) URL (e.g. http://127.0.0.1:8081)`)
  return value
}

function file(problems: string[], ctx: FlagContext, flag: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined
  const abs = path.resolve(ctx.cwd, value)
  if (!(ctx.fileExists ?? existsSync)(abs)) problems.push(`--${flag}: no such file ${abs}`)
  return abs
}

const OAUTH_FLAGS = [
  'oauth-token-url',
  'oauth-client-id',
  'oauth-client-secret',
  'oauth-scope',
  'oauth-audience',
] as const

/** An optional text flag: "" removes the stored value. */
function optionalText(value: string | undefined, previous: string | undefined): string | undefined {
  if (value === undefined) return previous
  return value.trim() || undefined
}

function oauthSasl(problems: string[], v: Values, existing: Profile | undefined): ProfileInput['kafka']['sasl'] {
  const prev = existing?.kafka.sasl?.mechanism === 'oauthbearer' ? existing.kafka.sasl.oauth : undefined
  if (v['sasl-username'] !== undefined)
    problems.push('--sasl-username does not apply to --sasl OAUTHBEARER: it authenticates with --oauth-client-id')
  const urlFlag = v['oauth-token-url']
  if (urlFlag !== undefined && !isAllowedTokenUrl(urlFlag.trim()))
    problems.push(
      `--oauth-token-url "${urlFlag}" is not an https URL without credentials (http only for 127.0.0.1 or localhost), e.g. https://idp.example.com/oauth2/token`,
    )
  const tokenUrl = urlFlag?.trim() ?? prev?.tokenUrl
  const clientId = v['oauth-client-id']?.trim() ?? prev?.clientId
  if (!tokenUrl)
    problems.push('--sasl OAUTHBEARER needs --oauth-token-url (the token endpoint of the identity provider)')
  if (!clientId) problems.push('--sasl OAUTHBEARER needs --oauth-client-id (the OAuth client id)')
  const scope = optionalText(v['oauth-scope'], prev?.scope)
  const audience = optionalText(v['oauth-audience'], prev?.audience)
  if (!tokenUrl || !clientId) return undefined
  return {
    mechanism: 'oauthbearer',
    oauth: { tokenUrl, clientId, ...(scope ? { scope } : {}), ...(audience ? { audience } : {}) },
  }
}

function kafkaSasl(problems: string[], v: Values, existing: Profile | undefined): ProfileInput['kafka']['sasl'] {
  const oauthGiven = OAUTH_FLAGS.filter((f) => v[f] !== undefined)
  if (v['no-sasl']) {
    if (oauthGiven.length) problems.push(`--${oauthGiven[0]} does not go with --no-sasl`)
    return undefined
  }
  const prev = existing?.kafka.sasl
  const mechanism = v.sasl !== undefined ? oneOf(problems, 'sasl', v.sasl, saslMechanisms) : prev?.mechanism
  if (mechanism === 'oauthbearer') return oauthSasl(problems, v, existing)
  if (oauthGiven.length && (mechanism !== undefined || v.sasl === undefined))
    problems.push(`--${oauthGiven[0]} needs --sasl OAUTHBEARER`)
  const username = v['sasl-username'] ?? (prev?.mechanism !== 'oauthbearer' ? prev?.username : undefined)
  if (v.sasl !== undefined && mechanism && !username) problems.push('--sasl needs --sasl-username (the SASL user name)')
  if (v['sasl-username'] !== undefined && mechanism === undefined && v.sasl === undefined)
    problems.push(`--sasl-username needs --sasl ${passwordSaslMechanisms.join('|')}`)
  return mechanism && username ? { mechanism, username } : undefined
}

/**
 * The secrets given as flags: only the OAuth client secret (`--oauth-client-secret`), which the
 * CLI stores in the secret store, never in profiles.json.
 */
export function secretsFromFlags(args: string[]): ProfileSecrets {
  const { values: v } = parseArgs({ args, strict: true, options: PROFILE_FLAGS })
  const secret = v['oauth-client-secret']
  if (secret === undefined) return {}
  if (!secret.trim()) throw new UsageError('--oauth-client-secret needs a value (the OAuth client secret)')
  return { oauthClientSecret: secret }
}

function kafkaTls(problems: string[], v: Values, ctx: FlagContext): ProfileInput['kafka']['tls'] {
  const prev = ctx.existing?.kafka.tls
  if (v['no-tls']) return undefined
  const caFile = file(problems, ctx, 'tls-ca', v['tls-ca']) ?? prev?.caFile
  const certFile = file(problems, ctx, 'tls-cert', v['tls-cert']) ?? prev?.certFile
  const keyFile = file(problems, ctx, 'tls-key', v['tls-key']) ?? prev?.keyFile
  // A certificate without its key (or the reverse) cannot authenticate: refuse it rather than drop one.
  if (certFile && !keyFile) problems.push("--tls-cert needs --tls-key (the client certificate's private key)")
  if (keyFile && !certFile) problems.push('--tls-key needs --tls-cert (the client certificate)')
  const wanted = v.tls || v['tls-ca'] || v['tls-cert'] || v['tls-key'] || v['tls-insecure'] || prev?.enabled
  if (!wanted) return undefined
  return {
    enabled: true,
    ...(caFile ? { caFile } : {}),
    ...(certFile ? { certFile } : {}),
    ...(keyFile ? { keyFile } : {}),
    rejectUnauthorized: v['tls-insecure'] ? false : (prev?.rejectUnauthorized ?? true),
  }
}

function flinkSettings(problems: string[], v: Values, existing: Profile | undefined): ProfileInput['flink'] {
  const url = v['flink-url'] !== undefined ? httpUrl(problems, 'flink-url', v['flink-url']) : existing?.flink?.url
  if (!url) {
    if (v['flink-auth'] || v['flink-username']) problems.push('--flink-auth and --flink-username need --flink-url')
    return undefined
  }
  const type =
    v['flink-auth'] !== undefined
      ? oneOf(problems, 'flink-auth', v['flink-auth'], ['basic', 'bearer'] as const)
      : existing?.flink?.auth?.type
  const prevUser = existing?.flink?.auth?.type === 'basic' ? existing.flink.auth.username : undefined
  const username = v['flink-username'] ?? prevUser
  if (type === 'basic' && !username) problems.push('--flink-auth basic needs --flink-username')
  const auth = type === 'basic' && username ? { type, username } : type === 'bearer' ? { type } : undefined
  return { ...existing?.flink, url, ...(auth ? { auth } : {}) }
}

function registrySettings(
  problems: string[],
  v: Values,
  existing: Profile | undefined,
): ProfileInput['schemaRegistry'] {
  const url =
    v['registry-url'] !== undefined
      ? httpUrl(problems, 'registry-url', v['registry-url'])
      : existing?.schemaRegistry?.url
  if (!url) {
    if (v['registry-username']) problems.push('--registry-username needs --registry-url')
    return undefined
  }
  const username = v['registry-username'] ?? existing?.schemaRegistry?.auth?.username
  return { url, ...(username ? { auth: { type: 'basic' as const, username } } : {}) }
}

/**
 * The profile that `profiles add|edit <id> [flags]` describes. Every invalid flag is reported at
 * once, each named with what it accepts.
 */
export function profileFromFlags(id: string, args: string[], ctx: FlagContext): ProfileInput {
  const { values: v } = parseArgs({ args, strict: true, options: PROFILE_FLAGS })
  const problems: string[] = []
  const existing = ctx.existing
  const brokers = v.brokers?.split(',').map((b) => b.trim()) ?? existing?.kafka.brokers
  if (!brokers) problems.push('--brokers host:port[,host:port] is required')
  for (const b of brokers ?? []) if (!HOST_PORT.test(b)) problems.push(`--brokers: "${b}" is not host:port`)
  const environment =
    v.env !== undefined ? oneOf(problems, 'env', v.env, environments) : (existing?.environment ?? 'dev')
  const sasl = kafkaSasl(problems, v, existing)
  const tls = kafkaTls(problems, v, ctx)
  const flink = flinkSettings(problems, v, existing)
  const schemaRegistry = registrySettings(problems, v, existing)
  if (problems.length) throw new UsageError(problems.join('\n'))
  const clientId = v['client-id'] ?? existing?.kafka.clientId
  return {
    ...existing,
    id,
    name: v.name ?? existing?.name ?? id,
    environment: environment ?? 'dev',
    readOnly: v['read-write'] ? false : (existing?.readOnly ?? true),
    kafka: {
      ...existing?.kafka,
      brokers: brokers ?? [],
      ...(clientId ? { clientId } : {}),
      sasl,
      tls,
    },
    flink,
    schemaRegistry,
  }
}
