import { readFileSync } from 'node:fs'
import {
  Kafka,
  logLevel,
  type Admin,
  type AdminConfig,
  type KafkaConfig,
  type Mechanism,
  type SASLOptions,
} from 'kafkajs'
import { ApiError, type Profile } from '../../shared/contract'
import type { SecretStore } from '../profiles/secret-store'
import { fixKafkajsTimers } from './kafkajs-timer-fix'
import { kafkaErrorContext, rethrowKafka, type KafkaErrorContext } from './kafka-errors'
import { oauthBearerMechanism } from './oauth-sasl'
import { sharedOAuthProvider } from './oauth-token'

async function saslOptions(profile: Profile, secrets: SecretStore): Promise<SASLOptions | Mechanism | undefined> {
  const s = profile.kafka.sasl
  if (!s) return undefined
  if (s.mechanism === 'oauthbearer') {
    const secret = await secrets.get(profile.id, 'oauthClientSecret')
    if (!secret) {
      throw new ApiError(
        'UNAUTHORIZED',
        `Profile "${profile.id}" uses SASL OAUTHBEARER but has no OAuth client secret for client "${s.oauth.clientId}"`,
        { mechanism: 'OAUTHBEARER' },
      )
    }
    // A token fetched once per client and secret, renewed shortly before it expires; the broker's
    // refusal of it is read (kafkajs' own OAUTHBEARER takes it for success).
    return oauthBearerMechanism(sharedOAuthProvider(s.oauth, secret).provide, s.oauth.tokenUrl)
  }
  const password = await secrets.get(profile.id, 'kafkaPassword')
  if (!password) throw new ApiError('UNAUTHORIZED', `Profile "${profile.id}" uses SASL but has no Kafka password`)
  return { mechanism: s.mechanism, username: s.username, password } as SASLOptions
}

/** kafkajs configuration of one profile: brokers, TLS, SASL (password or OAuth client secret from the secret store). */
export async function kafkaConfig(profile: Profile, secrets: SecretStore): Promise<KafkaConfig> {
  const k = profile.kafka
  const sasl = await saslOptions(profile, secrets)
  const pem = (file: string | undefined, what: string): string | undefined => {
    if (!file) return undefined
    try {
      return readFileSync(file, 'utf8')
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? String(err)
      throw new ApiError(
        'INVALID_INPUT',
        `Profile "${profile.id}": the TLS ${what} file ${file} cannot be read (${code})`,
      )
    }
  }
  const tls = k.tls?.enabled
    ? {
        ca: k.tls.caFile ? [pem(k.tls.caFile, 'CA') ?? ''] : undefined,
        cert: pem(k.tls.certFile, 'certificate'),
        key: pem(k.tls.keyFile, 'key'),
        rejectUnauthorized: k.tls.rejectUnauthorized,
      }
    : undefined
  return {
    clientId: k.clientId,
    brokers: k.brokers,
    ssl: tls,
    sasl,
    connectionTimeout: k.connectionTimeoutMs,
    requestTimeout: k.requestTimeoutMs,
    logLevel: logLevel.NOTHING,
    retry: { retries: 2, initialRetryTime: 200, maxRetryTime: 2_000 },
  }
}

/**
 * A profile's client whose admin connections fail with API errors that name the principal and
 * mechanism (bad credentials, refused certificates) instead of kafkajs' bare messages.
 */
class ProfileKafka extends Kafka {
  constructor(
    config: KafkaConfig,
    private readonly ctx: KafkaErrorContext,
  ) {
    super(config)
  }

  override admin(config?: AdminConfig): Admin {
    const admin = super.admin(config)
    const connect = admin.connect.bind(admin)
    admin.connect = () => connect().catch(rethrowKafka(this.ctx))
    return admin
  }
}

export async function openKafka(profile: Profile, secrets: SecretStore): Promise<Kafka> {
  fixKafkajsTimers()
  return new ProfileKafka(await kafkaConfig(profile, secrets), kafkaErrorContext(profile))
}

/** Runs fn with a connected admin client of the profile, always disconnecting. */
export async function withKafkaAdmin<T>(
  profile: Profile,
  secrets: SecretStore,
  fn: (admin: Admin) => Promise<T>,
): Promise<T> {
  const admin = (await openKafka(profile, secrets)).admin()
  await admin.connect()
  try {
    return await fn(admin)
  } finally {
    await admin.disconnect().catch(() => undefined)
  }
}
