import { z } from 'zod'
import { ApiError, type ConnectionReport, type Profile } from '../../shared/contract'
import { FlinkConnection } from '../flink/flink-connection'
import { openKafka } from '../kafka/kafka-client'
import { withDeadline } from '../util/deadline'
import { httpJson } from '../util/http-json'
import { basicAuth, splitUrlCredentials } from '../util/url-credentials'
import type { SecretStore } from './secret-store'

const flinkOverviewSchema = z.looseObject({
  'flink-version': z.string(),
  taskmanagers: z.number().int(),
  'slots-total': z.number().int(),
  'slots-available': z.number().int(),
  'jobs-running': z.number().int(),
})

/** Each component's answer is awaited this long: one that is silent must not hold the others' report. */
const TEST_DEADLINE_MS = 6_000

function message(err: unknown): string {
  // The code says which kind of failure it is (UNAUTHORIZED, FORBIDDEN, UNAVAILABLE).
  if (err instanceof ApiError) return `${err.code}: ${err.message}`
  return err instanceof Error ? err.message : String(err)
}

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; latencyMs: number }> {
  const start = performance.now()
  const value = await fn()
  return { value, latencyMs: Math.round(performance.now() - start) }
}

async function testKafka(profile: Profile, secrets: SecretStore): Promise<ConnectionReport['kafka']> {
  try {
    const admin = (await openKafka(profile, secrets)).admin()
    try {
      const { value, latencyMs } = await withDeadline(
        'Kafka',
        TEST_DEADLINE_MS,
        timed(async () => {
          await admin.connect()
          return admin.describeCluster()
        }),
      )
      return {
        reachable: true,
        latencyMs,
        clusterId: value.clusterId,
        brokerCount: value.brokers.length,
        controllerId: value.controller,
        brokers: value.brokers.map((b) => ({ nodeId: b.nodeId, host: b.host, port: b.port })),
      }
    } finally {
      await withDeadline('Kafka', 1_000, admin.disconnect()).catch(() => undefined)
    }
  } catch (err) {
    return { reachable: false, error: message(err) }
  }
}

async function testFlink(profile: Profile, secrets: SecretStore): Promise<ConnectionReport['flink']> {
  const flink = await FlinkConnection.open(profile, secrets).catch(() => undefined)
  if (!flink) return { configured: false, reachable: false }
  try {
    const { value, latencyMs } = await withDeadline(
      'Flink',
      TEST_DEADLINE_MS,
      timed(() => flink.get('/overview', flinkOverviewSchema)),
    )
    return {
      configured: true,
      reachable: true,
      latencyMs,
      version: value['flink-version'],
      taskManagers: value.taskmanagers,
      slotsTotal: value['slots-total'],
      slotsAvailable: value['slots-available'],
      jobsRunning: value['jobs-running'],
    }
  } catch (err) {
    return { configured: true, reachable: false, error: message(err) }
  }
}

async function testRegistry(profile: Profile, secrets: SecretStore): Promise<ConnectionReport['schemaRegistry']> {
  const registry = profile.schemaRegistry
  if (!registry) return { configured: false, reachable: false }
  const headers: Record<string, string> = {}
  // Credentials in a stored URL are not sent as part of it: every error message echoes the URL.
  const split = splitUrlCredentials(registry.url)
  if (registry.auth) {
    const password = (await secrets.get(profile.id, 'registryPassword')) ?? ''
    headers.authorization = basicAuth(registry.auth.username, password)
  } else if (split.username !== undefined || split.password !== undefined) {
    headers.authorization = basicAuth(split.username ?? '', split.password ?? '')
  }
  try {
    const url = `${split.url.replace(/\/$/, '')}/subjects`
    const { latencyMs } = await timed(() => httpJson(url, z.array(z.string()), { headers, timeoutMs: 5_000 }))
    return { configured: true, reachable: true, latencyMs }
  } catch (err) {
    return { configured: true, reachable: false, error: message(err) }
  }
}

/** What of a profile's Kafka, Flink and Schema Registry answers, checked in parallel. */
export async function testConnection(profile: Profile, secrets: SecretStore): Promise<ConnectionReport> {
  const [kafka, flink, schemaRegistry] = await Promise.all([
    testKafka(profile, secrets),
    testFlink(profile, secrets),
    testRegistry(profile, secrets),
  ])
  return { profileId: profile.id, checkedAt: Date.now(), kafka, flink, schemaRegistry }
}
