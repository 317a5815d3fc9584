import { randomBytes } from 'node:crypto'
import { Kafka, logLevel, type Admin, type KafkaMessage } from 'kafkajs'
import { inject } from 'vitest'
import { z } from 'zod'
import path from 'node:path'
import type { Subscription } from '../../src/shared/client'
import type { CallNames, Contract, InputOf, OutputOf, TraceResult, TraceUpdate } from '../../src/shared/contract'
import type { Router } from '../../src/main/api/router'
import { invoke } from '../../src/main/cli/context'
import { createCoreRouter } from '../../src/main/core'
import { ProfileStore, localProfile } from '../../src/main/profiles/profile-store'
import { FileSecretStore } from '../../src/main/profiles/secret-store'
import { httpJson } from '../../src/main/util/http-json'

export const stack = () => inject('stack')

export function kafkaFor(port = stack().kafkaPort): Kafka {
  return new Kafka({
    clientId: 'keytrail-itest',
    brokers: [`127.0.0.1:${port}`],
    logLevel: logLevel.NOTHING,
    retry: { retries: 5 },
  })
}

export async function withAdmin<T>(fn: (admin: Admin) => Promise<T>, port?: number): Promise<T> {
  const admin = kafkaFor(port).admin()
  await admin.connect()
  try {
    return await fn(admin)
  } finally {
    await admin.disconnect()
  }
}

export function flink<S extends z.ZodType>(
  pathName: string,
  schema: S,
  port = stack().flinkPort,
): Promise<z.output<S>> {
  return httpJson(`http://127.0.0.1:${port}${pathName}`, schema, { timeoutMs: 10_000 })
}

export const jobsOverview = z.object({
  jobs: z.array(z.looseObject({ jid: z.string(), name: z.string(), state: z.string() })),
})

/** Flink's own checkpoint REST answers, read raw to compare Keytrail's figures with. */
export const rawCheckpoints = z.looseObject({
  counts: z.looseObject({ completed: z.number(), failed: z.number() }),
  history: z.array(
    z.looseObject({
      id: z.number(),
      status: z.string(),
      end_to_end_duration: z.number(),
      state_size: z.number(),
      checkpointed_size: z.number(),
    }),
  ),
  latest: z.looseObject({ completed: z.looseObject({ id: z.number() }).nullish() }),
})
export const rawDetails = z.looseObject({
  id: z.number(),
  status: z.string(),
  tasks: z.record(z.string(), z.looseObject({ num_subtasks: z.number(), num_acknowledged_subtasks: z.number() })),
})
export async function jobId(name: string, port?: number): Promise<string> {
  const { jobs } = await flink('/jobs/overview', jobsOverview, port)
  const job = jobs.find(
    (j) => j.name === name && j.state !== 'CANCELED' && j.state !== 'FAILED' && j.state !== 'FINISHED',
  )
  if (!job) throw new Error(`No live job named ${name}`)
  return job.jid
}

export async function until<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | undefined | false>,
  everyMs = 1000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let last: unknown
  while (Date.now() < deadline) {
    try {
      const v = await probe()
      if (v !== undefined && v !== false) return v
    } catch (err) {
      last = err
    }
    await new Promise((r) => setTimeout(r, everyMs))
  }
  throw new Error(`Timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`)
}

export interface ReadRecord {
  topic: string
  partition: number
  offset: string
  key: string | undefined
  value: string | undefined
  headers: Record<string, string>
}

function toReadRecord(topic: string, partition: number, message: KafkaMessage): ReadRecord {
  const headers: Record<string, string> = {}
  for (const [k, v] of Object.entries(message.headers ?? {})) if (v !== undefined) headers[k] = String(v)
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key?.toString(),
    value: message.value?.toString(),
    headers,
  }
}

/**
 * Reads records of topics from the start (or from `since` ms) until `stop` says enough or the
 * time runs out. Uses a throwaway group that commits nothing and is deleted afterwards.
 */
export async function readTopics(
  topics: string[],
  stop: (seen: ReadRecord[]) => boolean,
  timeoutMs: number,
  port?: number,
): Promise<ReadRecord[]> {
  const kafka = kafkaFor(port)
  const groupId = `keytrail-itest-${randomBytes(4).toString('hex')}`
  const consumer = kafka.consumer({ groupId, readUncommitted: false })
  const seen: ReadRecord[] = []
  await consumer.connect()
  try {
    await consumer.subscribe({ topics, fromBeginning: true })
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs)
      void consumer.run({
        autoCommit: false,
        eachMessage: async ({ topic, partition, message }) => {
          seen.push(toReadRecord(topic, partition, message))
          if (stop(seen)) {
            clearTimeout(timer)
            resolve()
          }
        },
      })
    })
  } finally {
    await consumer.disconnect()
    await withAdmin((a) => a.deleteGroups([groupId]), port).catch(() => undefined)
  }
  return seen
}

/** Sum of committed offsets of a group over the given topics (−1 for none). */
export async function committedTotal(group: string, topics: string[], port?: number): Promise<number> {
  return withAdmin(async (admin) => {
    const offsets = await admin.fetchOffsets({ groupId: group, topics })
    return offsets.flatMap((t) => t.partitions).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0)
  }, port)
}

/** Collects every new record of topics from now on (throwaway group, nothing committed). */
export async function tail(
  topics: string[],
  port?: number,
): Promise<{ records: ReadRecord[]; stop: () => Promise<void> }> {
  const kafka = kafkaFor(port)
  const groupId = `keytrail-itest-tail-${randomBytes(4).toString('hex')}`
  const consumer = kafka.consumer({ groupId })
  const records: ReadRecord[] = []
  let assigned = false
  consumer.on(consumer.events.GROUP_JOIN, () => {
    assigned = true
  })
  await consumer.connect()
  await consumer.subscribe({ topics, fromBeginning: false })
  void consumer.run({
    autoCommit: false,
    eachMessage: async ({ topic, partition, message }) => {
      records.push(toReadRecord(topic, partition, message))
    },
  })
  await until('the tail consumer to join', 30_000, async () => assigned, 200)
  await until('the tail consumer to see a record', 30_000, async () => records.length > 0, 200)
  return {
    records,
    stop: async () => {
      await consumer.disconnect()
      await withAdmin((a) => a.deleteGroups([groupId]), port).catch(() => undefined)
    },
  }
}

/** A real core (router + services) whose local profile points at the test stack (or the given ports). */
export function coreFor(
  stateDir: string,
  configDir: string,
  host: 'test' | 'cli' = 'test',
  ports: { kafkaPort: number; flinkPort: number } = stack(),
): Router {
  const builtIn = localProfile({
    KEYTRAIL_STACK_KAFKA_PORT: String(ports.kafkaPort),
    KEYTRAIL_STACK_FLINK_PORT: String(ports.flinkPort),
  })
  return createCoreRouter(
    {
      profiles: new ProfileStore(path.join(configDir, 'profiles.json'), builtIn),
      secrets: new FileSecretStore(path.join(configDir, 'secrets.json'), undefined, {}),
      host,
      version: 'itest',
      stateDir,
    },
    { validateOutputs: true },
  )
}

export const call = <K extends CallNames<Contract>>(
  router: Router,
  method: K,
  input: InputOf<Contract, K>,
): Promise<OutputOf<Contract, K>> => invoke(router, method, input, 'test')

/** Runs a trace to its end over the router: the verdict must come before the subscription ends. */
export function runTrace(
  router: Router,
  input: Record<string, unknown> & { id: string },
  onUpdate?: (u: TraceUpdate, sub: Subscription) => void,
): Promise<TraceResult> {
  return new Promise((resolve, reject) => {
    const events: TraceResult['events'] = []
    let result: TraceResult | undefined
    const sub: Subscription = router.subscribe(
      'trace.run',
      input,
      {
        event: (u) => {
          const update = u as TraceUpdate
          onUpdate?.(update, sub)
          if (update.kind === 'events') events.push(...update.events)
          if (update.kind === 'done')
            result = { entityId: String(input.entityId), events, verdict: update.verdict, stats: update.stats }
        },
        end: () => (result ? resolve(result) : reject(new Error('the trace ended without a verdict'))),
        error: reject,
      },
      { transport: 'test' },
    )
  })
}
