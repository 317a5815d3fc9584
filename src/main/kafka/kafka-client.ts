import { readFileSync } from 'node:fs'
import { Kafka, logLevel, type Admin, type KafkaConfig, type SASLOptions } from 'kafkajs'
import { ApiError, type Profile } from '../../shared/contract'
import type { SecretStore } from '../profiles/secret-store'

/** kafkajs configuration of one profile: brokers, TLS, SASL (password from the secret store). */
export async function kafkaConfig(profile: Profile, secrets: SecretStore): Promise<KafkaConfig> {
  const k = profile.kafka
  let sasl: SASLOptions | undefined
  if (k.sasl) {
    const password = await secrets.get(profile.id, 'kafkaPassword')
    if (!password) throw new ApiError('UNAUTHORIZED', `Profile "${profile.id}" uses SASL but has no Kafka password`)
    sasl = { mechanism: k.sasl.mechanism, username: k.sasl.username, password } as SASLOptions
  }
  const tls = k.tls?.enabled
    ? {
        ca: k.tls.caFile ? [readFileSync(k.tls.caFile, 'utf8')] : undefined,
        cert: k.tls.certFile ? readFileSync(k.tls.certFile, 'utf8') : undefined,
        key: k.tls.keyFile ? readFileSync(k.tls.keyFile, 'utf8') : undefined,
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

export async function openKafka(profile: Profile, secrets: SecretStore): Promise<Kafka> {
  return new Kafka(await kafkaConfig(profile, secrets))
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
