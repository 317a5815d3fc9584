import type { z } from 'zod'
import { ApiError } from '../../shared/contract'
import { sleep } from '../util/sleep'
import { exceptionsSchema, metricsSchema, normalizeExceptions, type FlinkException } from './corrections'
import { timedOut, type FlinkConnection } from './flink-connection'
import { responses as v1 } from './generated/rest-1_20'
import { responses as v2 } from './generated/rest-2_2'
import { ReadCache } from './read-cache'

export type Responses = typeof v1
export type ResponseOf<K extends keyof Responses> = z.output<Responses[K]>

const RETRYABLE = new Set(['UNAVAILABLE', 'TIMEOUT'])
/** How long an answer is shared: polled state briefly, what changes only with a job's deployment longer. */
const LIVE_TTL_MS = 4_000
const STATIC_TTL_MS = 60_000

/**
 * Typed Flink REST client: responses validated with the schemas generated from the spec of the
 * cluster's version (1.20 or 2.x), reads retried with backoff, a 404 answered as NOT_FOUND.
 */
export class FlinkClient {
  private constructor(
    private readonly conn: FlinkConnection,
    readonly version: string,
    private readonly schemas: Responses,
  ) {}

  private readonly cache = new ReadCache()

  static async connect(conn: FlinkConnection, signal?: AbortSignal): Promise<FlinkClient> {
    const config = await getWithRetry(conn, '/config', v1.config, signal)
    const version = config['flink-version'] ?? 'unknown'
    return new FlinkClient(conn, version, version.startsWith('1.') ? v1 : (v2 as unknown as Responses))
  }

  get major(): number {
    return Number(this.version.split('.')[0]) || 0
  }

  private read<K extends keyof Responses>(
    name: K,
    path: string,
    signal?: AbortSignal,
    ttlMs = LIVE_TTL_MS,
  ): Promise<ResponseOf<K>> {
    return this.get(path, this.schemas[name] as z.ZodType<ResponseOf<K>>, signal, ttlMs)
  }

  private get<S extends z.ZodType>(path: string, schema: S, signal?: AbortSignal, ttlMs = LIVE_TTL_MS) {
    return this.cache.get(path, ttlMs, () => getWithRetry(this.conn, path, schema), signal)
  }

  /** Forgets every shared answer: after an action, the next read is Flink's own. */
  forget(): void {
    this.cache.clear()
  }

  overview(signal?: AbortSignal) {
    return this.read('overview', '/overview', signal)
  }
  taskManagers(signal?: AbortSignal) {
    return this.read('taskManagers', '/taskmanagers', signal)
  }
  jobs(signal?: AbortSignal) {
    return this.read('jobsOverview', '/jobs/overview', signal)
  }
  job(jid: string, signal?: AbortSignal) {
    return this.read('jobDetails', `/jobs/${enc(jid)}`, signal)
  }
  jobConfig(jid: string, signal?: AbortSignal) {
    return this.read('jobConfig', `/jobs/${enc(jid)}/config`, signal, STATIC_TTL_MS)
  }
  checkpoints(jid: string, signal?: AbortSignal) {
    return this.read('checkpoints', `/jobs/${enc(jid)}/checkpoints`, signal)
  }
  /** null when the job has checkpointing off (Flink answers 404). */
  async checkpointConfig(jid: string, signal?: AbortSignal) {
    try {
      return await this.read('checkpointConfig', `/jobs/${enc(jid)}/checkpoints/config`, signal, STATIC_TTL_MS)
    } catch (err) {
      if (err instanceof ApiError && err.code === 'NOT_FOUND') return null
      throw err
    }
  }
  checkpointDetails(jid: string, checkpointId: number, signal?: AbortSignal) {
    return this.read('checkpointDetails', `/jobs/${enc(jid)}/checkpoints/details/${checkpointId}`, signal)
  }
  checkpointSubtasks(jid: string, checkpointId: number, vertexId: string, signal?: AbortSignal) {
    return this.read(
      'checkpointSubtasks',
      `/jobs/${enc(jid)}/checkpoints/details/${checkpointId}/subtasks/${enc(vertexId)}`,
      signal,
    )
  }
  backpressure(jid: string, vertexId: string, signal?: AbortSignal) {
    return this.read('backpressure', `/jobs/${enc(jid)}/vertices/${enc(vertexId)}/backpressure`, signal)
  }

  async exceptions(jid: string, signal?: AbortSignal): Promise<FlinkException[]> {
    return normalizeExceptions(
      await this.get(`/jobs/${enc(jid)}/exceptions?maxExceptions=20`, exceptionsSchema, signal),
    )
  }

  /** The metric ids a scope offers (no `get`): how Kafka topics of a source are found. */
  async metricIds(scopePath: string, signal?: AbortSignal): Promise<string[]> {
    return (await this.get(`${scopePath}/metrics`, metricsSchema, signal, STATIC_TTL_MS)).map((m) => m.id)
  }

  /** Lowest current input watermark over a vertex's subtasks (null before the first watermark). */
  async watermark(jid: string, vertexId: string, signal?: AbortSignal): Promise<number | null> {
    const rows = await this.get(`/jobs/${enc(jid)}/vertices/${enc(vertexId)}/watermarks`, metricsSchema, signal)
    const values = rows.map((r) => Number(r.value)).filter((v) => Number.isFinite(v) && v > Number.MIN_SAFE_INTEGER)
    return values.length ? Math.min(...values) : null
  }

  /** Metric values by id (job, vertex or subtask scope); aggregated metrics give their `agg` values. */
  async metrics(
    scopePath: string,
    names: string[],
    signal?: AbortSignal,
    agg?: 'avg' | 'max' | 'sum',
  ): Promise<Record<string, number>> {
    if (!names.length) return {}
    const query = `get=${names.map(encodeURIComponent).join(',')}${agg ? `&agg=${agg}` : ''}`
    const rows = await this.get(`${scopePath}/metrics?${query}`, metricsSchema, signal)
    const out: Record<string, number> = {}
    for (const r of rows) {
      const v = r.value !== undefined ? Number(r.value) : (r[agg ?? 'sum'] ?? r.sum ?? r.max ?? r.avg)
      if (v !== undefined && Number.isFinite(v)) out[r.id] = v
    }
    return out
  }
}

function enc(s: string): string {
  return encodeURIComponent(s)
}

async function getWithRetry<S extends z.ZodType>(
  conn: FlinkConnection,
  path: string,
  schema: S,
  signal?: AbortSignal,
): Promise<z.output<S>> {
  let attempt = 0
  for (;;) {
    try {
      return await conn.get(path, schema, signal)
    } catch (err) {
      attempt++
      if (!(err instanceof ApiError) || !RETRYABLE.has(err.code) || timedOut(err) || attempt > 2 || signal?.aborted)
        throw err
      await sleep(200 * 3 ** (attempt - 1), signal)
    }
  }
}
