import { ApiError, type Profile, type TraceMap, type TraceUpdate } from '../../shared/contract'
import type { FindResult, findInputSchema } from '../../shared/contract/trace'
import type { z } from 'zod'
import { openKafka } from '../kafka/kafka-client'
import { kafkaApiError, kafkaErrorContext } from '../kafka/kafka-errors'
import { PartitionReader } from '../kafka/partition-reader'
import type { ProfileStore } from '../profiles/profile-store'
import type { SecretStore } from '../profiles/secret-store'
import { findRecords } from './find'
import { SchemaRegistry } from './schema-registry'
import { withDeadline } from '../util/deadline'
import { answeringWithin, KAFKA_ANSWER_MS } from './source-deadline'
import { SourcePool, type ClosableSource, type Lease } from './source-pool'
import { suggestMap } from './suggest'
import { TraceRun, type ParsedTraceInput } from './trace-engine'
import { TraceState } from './trace-state'

/** Most traces one host runs at once: each holds fetches in flight and up to MAX_EVENTS events. */
export const MAX_RUNNING_TRACES = 16
/** A `find` reads at most this long. */
/**
 * A find is a call, not a stream: it shows nothing until it answers. So it reads for at most this
 * long and answers with what it found (saying it stopped), inside the router's 8 s for reads.
 */
export const FIND_BUDGET_MS = 6_000

export interface TraceServiceOptions {
  /** Keep each profile's connection between calls (long-running hosts); false for the one-shot CLI. */
  keepConnections: boolean
  maxRunning?: number
  /** Opens a profile's source (tests pass an in-memory one). */
  openSource?: (profile: Profile) => Promise<ClosableSource>
  /** How long one round trip to Kafka may take before the call fails as UNAVAILABLE. */
  kafkaAnswerMs?: number
}

/**
 * Traces, `find` and `suggest`: owns the Kafka connection each profile's traces read through
 * (shared, opened on first use), bounds how many traces run at once, and cancels and closes
 * everything on `close()`.
 */
export class TraceService {
  private readonly pool: SourcePool
  private readonly closing = new AbortController()
  private readonly maxRunning: number
  private readonly answerMs: number
  private running = 0

  constructor(
    private readonly profiles: Pick<ProfileStore, 'get'>,
    private readonly secrets: SecretStore,
    opts: TraceServiceOptions,
  ) {
    this.maxRunning = opts.maxRunning ?? MAX_RUNNING_TRACES
    this.answerMs = opts.kafkaAnswerMs ?? KAFKA_ANSWER_MS
    // Aborted records are only visible to a read_uncommitted fetch past the stable offset; within
    // it, read_committed returns them marked, which is all `includeAborted` needs.
    const open = opts.openSource ?? (async (p: Profile) => new PartitionReader(await openKafka(p, secrets)))
    // A failed connect says what to fix (UNAUTHORIZED with the mechanism, TLS trust, unreachable).
    this.pool = new SourcePool(open, opts.keepConnections, (p, err) => kafkaApiError(err, kafkaErrorContext(p)) ?? err)
  }

  /**
   * Runs one trace, streaming through `emit`. Cancelled at any point (even before it connects),
   * it still emits its verdict on what it read.
   */
  async run(input: ParsedTraceInput, emit: (u: TraceUpdate) => void, signal: AbortSignal): Promise<void> {
    if (this.closing.signal.aborted) throw new ApiError('UNAVAILABLE', 'The trace service is closed')
    if (this.running >= this.maxRunning) {
      throw new ApiError(
        'UNAVAILABLE',
        `${this.running} traces are running on this host, the most it runs at once: stop one or wait for one to finish`,
      )
    }
    this.running++
    const stop = AbortSignal.any([signal, this.closing.signal])
    try {
      if (stop.aborted) return emitCancelled(input, emit)
      const profile = await this.profiles.get(input.id)
      const map = mapOf(profile)
      const registry = await registryFor(profile, this.secrets)
      const lease = await this.lease(profile, stop)
      if (!lease) return emitCancelled(input, emit)
      try {
        const explain = (err: unknown) => withPrincipal(err, profile)
        await new TraceRun({ reader: lease.source, map, registry, explain }, input, emit, stop).run()
      } catch (err) {
        throw withPrincipal(err, profile)
      } finally {
        lease.release()
      }
    } finally {
      this.running--
    }
  }

  async find(input: z.output<typeof findInputSchema>): Promise<FindResult> {
    const profile = await this.profiles.get(input.id)
    const map = mapOf(profile)
    const registry = await registryFor(profile, this.secrets)
    const signal = AbortSignal.any([AbortSignal.timeout(FIND_BUDGET_MS), this.closing.signal])
    const explain = (err: unknown) => withPrincipal(err, profile)
    return this.withSource(profile, signal, (reader) => findRecords({ reader, map, registry, explain }, input, signal))
  }

  async suggest(id: string, topics: string[] | undefined): ReturnType<typeof suggestMap> {
    const profile = await this.profiles.get(id)
    const registry = await registryFor(profile, this.secrets)
    return this.withSource(profile, this.closing.signal, (reader) =>
      suggestMap(reader, registry, topics, profile.trace),
    )
  }

  /** The profile changed or was removed: its next trace connects anew (running ones finish on the old one). */
  invalidate(profileId: string): void {
    this.pool.drop(profileId)
  }

  /** Cancels every running trace and closes every connection. */
  async close(): Promise<void> {
    this.closing.abort()
    await this.pool.close()
  }

  private async withSource<T>(
    profile: Profile,
    signal: AbortSignal,
    fn: (source: ClosableSource) => Promise<T>,
  ): Promise<T> {
    const lease = await this.lease(profile, signal)
    if (!lease) throw new ApiError('CANCELLED', 'Cancelled')
    try {
      return await fn(lease.source)
    } catch (err) {
      throw withPrincipal(err, profile)
    } finally {
      lease.release()
    }
  }

  /** A lease on the profile's source, or undefined when cancelled first (a connect to a frozen broker is not waited for). */
  private async lease(profile: Profile, signal: AbortSignal): Promise<Lease | undefined> {
    if (signal.aborted) return undefined
    const firstBy = Date.now() + this.answerMs
    const leasing = this.pool.lease(profile)
    let onAbort = (): void => undefined
    const aborted = new Promise<undefined>((resolve) => (onAbort = () => resolve(undefined)))
    signal.addEventListener('abort', onAbort, { once: true })
    // Cancelled or given up while connecting: the lease goes back once it lands.
    const handBack = () => leasing.then((l) => l.release()).catch(() => undefined)
    const lease = await withDeadline('Kafka', this.answerMs, Promise.race([leasing, aborted]))
      .catch((err: unknown) => {
        void handBack()
        throw err
      })
      .finally(() => signal.removeEventListener('abort', onAbort))
    if (lease) return { source: answeringWithin(lease.source, this.answerMs, firstBy), release: () => lease.release() }
    void handBack()
    return undefined
  }
}

/** A broker's refusal met after connecting (an ACL on a topic) says whose, like one met when connecting. */
function withPrincipal(err: unknown, profile: Profile): unknown {
  return kafkaApiError(err, kafkaErrorContext(profile)) ?? err
}

/** The answer of a trace cancelled before it read anything: nothing found, and said to be incomplete. */
function emitCancelled(input: ParsedTraceInput, emit: (u: TraceUpdate) => void): void {
  const { verdict, stats } = new TraceState(input.entityId, 'id', undefined).result(true)
  emit({ kind: 'done', verdict, stats })
}

async function registryFor(profile: Profile, secrets: SecretStore): Promise<SchemaRegistry | undefined> {
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
