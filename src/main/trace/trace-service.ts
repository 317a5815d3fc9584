import { ApiError, type Profile, type TraceMap, type TraceUpdate } from '../../shared/contract'
import { findInputSchema, traceInputSchema, type FindResult } from '../../shared/contract/trace'
import type { z } from 'zod'
import { openKafka } from '../kafka/kafka-client'
import { kafkaErrorContext, rethrowKafka } from '../kafka/kafka-errors'
import { PartitionReader } from '../kafka/partition-reader'
import type { SecretStore } from '../profiles/secret-store'
import { SchemaRegistry } from './schema-registry'
import { TraceRun } from './trace-engine'
import { findRecords } from './find'
import { suggestMap } from './suggest'

/** Opens a reader for one profile, runs fn, always disconnects. */
export async function withReader<T>(
  profile: Profile,
  secrets: SecretStore,
  fn: (reader: PartitionReader) => Promise<T>,
  isolation: 'read_committed' | 'read_uncommitted' = 'read_committed',
): Promise<T> {
  const reader = new PartitionReader(await openKafka(profile, secrets), { isolation })
  await reader.connect().catch(async (err: unknown) => {
    await reader.disconnect()
    return rethrowKafka(kafkaErrorContext(profile))(err)
  })
  try {
    return await fn(reader)
  } finally {
    await reader.disconnect()
  }
}

export async function registryFor(profile: Profile, secrets: SecretStore): Promise<SchemaRegistry | undefined> {
  const r = profile.schemaRegistry
  if (!r) return undefined
  return new SchemaRegistry({
    url: r.url,
    username: r.auth?.username,
    password: r.auth ? await secrets.get(profile.id, 'registryPassword') : undefined,
  })
}

export function mapOf(profile: Profile): TraceMap {
  if (!profile.trace) {
    throw new ApiError(
      'INVALID_INPUT',
      `Profile "${profile.name}" has no trace map: add one (Trace → Map → Suggest) to say where ids live`,
    )
  }
  return profile.trace
}

export async function runTrace(
  profile: Profile,
  secrets: SecretStore,
  input: z.output<typeof traceInputSchema>,
  emit: (u: TraceUpdate) => void,
  signal: AbortSignal,
) {
  const map = mapOf(profile)
  const registry = await registryFor(profile, secrets)
  // Aborted records are only visible to a read_uncommitted fetch past the stable offset; within
  // it, read_committed returns them marked, which is all `includeAborted` needs.
  return withReader(profile, secrets, (reader) => new TraceRun({ reader, map, registry }, input, emit, signal).run())
}

export async function runFind(
  profile: Profile,
  secrets: SecretStore,
  input: z.output<typeof findInputSchema>,
  signal: AbortSignal,
): Promise<FindResult> {
  const map = mapOf(profile)
  const registry = await registryFor(profile, secrets)
  return withReader(profile, secrets, (reader) => findRecords({ reader, map, registry }, input, signal))
}

export async function runSuggest(profile: Profile, secrets: SecretStore, topics: string[] | undefined) {
  const registry = await registryFor(profile, secrets)
  return withReader(profile, secrets, (reader) => suggestMap(reader, registry, topics, profile.trace))
}
