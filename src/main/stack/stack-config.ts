import { existsSync } from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { stateDir } from '../util/paths'

export const KAFKA_VERSIONS: Record<string, string> = { '4': '4.4.0', '4.4': '4.4.0', '3': '3.9.2', '3.9': '3.9.2' }
/** Flink versions the stack runs (`stack up --flink 1.20|2.2`); the pipeline builds for each (stack/pipeline/pom.xml). */
export const FLINK_VERSIONS: Record<string, string> = { '1': '1.20.3', '1.20': '1.20.3', '2': '2.2.1', '2.2': '2.2.1' }
/** The default Flink version of the stack. */
export const FLINK_VERSION = '1.20.3'
/** Major.minor of a Flink version: `1.20`, `2.2`. */
export const flinkLine = (version: string): string => version.split('.').slice(0, 2).join('.')
export const TOPICS = ['orders', 'payments', 'inventory', 'shipments'] as const
export const CONTROL_TOPIC = 'keytrail-control'
/** The registry-framed copies of the demo's events (`stack up --registry`, see demo-schemas.ts). */
export const REGISTRY_TOPICS = { avro: 'orders-avro', proto: 'payments-proto', json: 'inventory-json' } as const
export const JOBS = [
  { name: 'order-service', entryClass: 'dev.keytrail.demo.OrderService' },
  { name: 'inventory-service', entryClass: 'dev.keytrail.demo.InventoryService' },
  { name: 'shipping-service', entryClass: 'dev.keytrail.demo.ShippingService' },
] as const
export type JobName = (typeof JOBS)[number]['name']

const port = z.coerce.number().int().min(1).max(65_535)

export const stackOptionsSchema = z.object({
  dir: z.string().min(1),
  kafkaVersion: z
    .string()
    .transform((v) => KAFKA_VERSIONS[v] ?? v)
    .pipe(z.string().regex(/^[34]\.\d+\.\d+$/, 'a Kafka 3.x or 4.x version, e.g. 4.4 or 3.9')),
  kafkaPort: port,
  controllerPort: port,
  flinkPort: port,
  /** A stack.json written before there was a choice ran the default version. */
  flinkVersion: z
    .string()
    .default(FLINK_VERSION)
    .transform((v) => FLINK_VERSIONS[v] ?? v)
    .pipe(z.string().regex(/^(1\.20|2\.2)\.\d+$/, 'Flink 1.20 or 2.2')),
  checkpointIntervalMs: z.coerce.number().int().min(500).max(600_000),
  parallelism: z.coerce.number().int().min(1).max(8),
  trafficRate: z.coerce.number().min(0).max(5_000),
  seed: z.coerce.number().int().optional(),
  traffic: z.boolean(),
  /** SASL_PLAINTEXT, SSL, mTLS and SASL_SSL listeners beside PLAINTEXT (`stack up --secure`). */
  secure: z.boolean().default(false),
  /** A Schema Registry and the demo's Avro/Protobuf topics (`stack up --registry`). */
  registry: z.boolean().default(false),
  /** Flink and the demo jobs (`stack up --no-flink` runs Kafka and the generator only). */
  flink: z.boolean().default(true),
})
export type StackOptions = z.infer<typeof stackOptionsSchema>

export function defaultStackOptions(env: NodeJS.ProcessEnv = process.env): StackOptions {
  return stackOptionsSchema.parse({
    dir: env.KEYTRAIL_STACK_DIR ?? path.join(stateDir(env), 'stack'),
    kafkaVersion: env.KEYTRAIL_STACK_KAFKA_VERSION ?? '4.4',
    kafkaPort: env.KEYTRAIL_STACK_KAFKA_PORT ?? 9092,
    controllerPort: env.KEYTRAIL_STACK_CONTROLLER_PORT ?? 9093,
    flinkPort: env.KEYTRAIL_STACK_FLINK_PORT ?? 8081,
    flinkVersion: env.KEYTRAIL_STACK_FLINK_VERSION ?? '1.20',
    checkpointIntervalMs: env.KEYTRAIL_STACK_CHECKPOINT_MS ?? 5000,
    parallelism: 2,
    trafficRate: 20,
    traffic: true,
    secure: false,
    registry: false,
    flink: true,
  })
}

/** The repository's stack/ folder (poms and pipeline sources), from the source or the built tree. */
export function stackSourceDir(): string {
  let dir = import.meta.dirname
  for (let i = 0; i < 6; i++) {
    if (existsSync(path.join(dir, 'stack', 'jars', 'kafka-pom.xml'))) return path.join(dir, 'stack')
    dir = path.dirname(dir)
  }
  throw new Error('Cannot find the stack/ folder of the Keytrail checkout')
}

/** The checkout's CLI, which the stack's own processes (generator, token server, sweeps) run. */
export function cliScriptPath(): string {
  return path.join(path.dirname(stackSourceDir()), 'bin', 'keytrail.js')
}

/** Where everything of one stack lives: libraries, data, logs, pid files. */
export function stackPaths(o: Pick<StackOptions, 'dir' | 'kafkaVersion'> & { flinkVersion?: string }) {
  const flinkVersion = o.flinkVersion ?? FLINK_VERSION
  // Each Flink line keeps its own config, uploads and checkpoints (1.20's stay in flink/ as before):
  // a job resumes only from a checkpoint that its own Flink version wrote.
  const flinkHome = path.join(
    o.dir,
    flinkLine(flinkVersion) === flinkLine(FLINK_VERSION) ? 'flink' : `flink-${flinkLine(flinkVersion)}`,
  )
  return {
    dir: o.dir,
    kafkaLib: path.join(o.dir, 'lib', `kafka-${o.kafkaVersion}`),
    flinkLib: path.join(o.dir, 'lib', `flink-${flinkVersion}`),
    kafkaHome: path.join(o.dir, `kafka-${o.kafkaVersion}`),
    flinkHome,
    checkpoints: path.join(flinkHome, 'checkpoints'),
    logs: path.join(o.dir, 'logs'),
    run: path.join(o.dir, 'run'),
    state: path.join(o.dir, 'run', 'stack.json'),
  }
}
