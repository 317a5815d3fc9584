import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { brokerPaused, setSchemaRegistry } from './faults'
import { flinkUrl, startFlink, waitFlinkReady } from './flink-cluster'
import { listJobs, submitJobs, waitJobsHealthy } from './flink-jobs'
import { abortHangingTransactions, describeHanging, sweepPidFile } from './hanging-transactions'
import {
  ensureScramUser,
  faultListenerPorts,
  hasFaultListener,
  prepareKafka,
  startKafka,
  waitKafkaAndCreateTopics,
} from './kafka-node'
import { ensureFlinkLib, ensureKafkaLib, ensurePipelineJar, ensureRegistryJar } from './maven'
import { checkPrerequisites } from './prerequisites'
import { portOpen, readPid, startDetached, stopProcess, waitFor } from './processes'
import { registryPort, registryUrl, startRegistry, waitRegistryReady } from './registry-node'
import {
  STANDARD_AUTHORIZER,
  clientsFileOf,
  ensureSecureMaterial,
  oauthServerPort,
  type StackClients,
} from './secure-stack'
import { type StackOptions, stackOptionsSchema, stackPaths, stackSourceDir } from './stack-config'

export const COMPONENTS = [
  'kafka',
  'flink-jobmanager',
  'flink-taskmanager',
  'generator',
  'oauth-server',
  'registry',
] as const
export type Component = (typeof COMPONENTS)[number]

export interface ComponentStatus {
  name: Component
  pid: number | null
  port: number | null
  healthy: boolean
  detail: string
}

const pidFile = (o: StackOptions, c: Component): string => path.join(stackPaths(o).run, `${c}.pid`)

/** The options the running stack was started with, so that status/down/fault reach the same ports. */
export function loadStackOptions(dir: string): StackOptions | undefined {
  const file = path.join(dir, 'run', 'stack.json')
  if (!existsSync(file)) return undefined
  const parsed = stackOptionsSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')))
  return parsed.success ? parsed.data : undefined
}

function saveStackOptions(o: StackOptions): void {
  mkdirSync(stackPaths(o).run, { recursive: true })
  writeFileSync(stackPaths(o).state, JSON.stringify(o, null, 2))
}

async function checkPortFree(port: number, what: string): Promise<void> {
  if (await portOpen(port)) {
    throw new Error(
      `Port ${port} (${what}) is already in use by another program; stop it or choose another port (see keytrail stack up --help)`,
    )
  }
}

export interface UpResult {
  alreadyRunning: Component[]
  started: Component[]
  clusterId: string
  flinkVersion: string | null
  jobs: Record<string, string>
  /** The secured listeners' ports and the clients file, with --secure. */
  secure: { ports: StackClients['ports']; clientsFile: string } | null
  /** The Schema Registry's Confluent API URL, with --registry. */
  registry: string | null
  seconds: number
}

type Progress = (line: string) => void

/**
 * Starts Kafka unless it runs with the wanted listeners; a broker running without the secure
 * listeners is restarted with them (the Flink jobs and the generator reconnect on their own).
 */
async function upKafka(
  o: StackOptions,
  lib: string,
  clients: StackClients | undefined,
  progress: Progress,
  up: Pick<UpResult, 'alreadyRunning' | 'started'>,
) {
  const previous = loadStackOptions(o.dir)
  const running = readPid(pidFile(o, 'kafka')) !== undefined
  if (running && o.secure && (!previous?.secure || !hasCurrentSecureConfig(o))) {
    progress('Restarting Kafka with the secure listeners…')
    await stopProcess(pidFile(o, 'kafka'), 30_000)
  } else if (running && !hasFaultListener(o)) {
    progress("Restarting Kafka with the fault suite's FAULT listener…")
    await stopProcess(pidFile(o, 'kafka'), 30_000)
  } else if (running) {
    up.alreadyRunning.push('kafka')
    return clients
  }
  await checkPortFree(o.kafkaPort, 'Kafka')
  await checkPortFree(o.controllerPort, 'Kafka controller')
  await checkPortFree(faultListenerPorts(o).listener, 'Kafka FAULT listener')
  for (const [name, port] of Object.entries(clients?.ports ?? {})) await checkPortFree(port, `Kafka ${name}`)
  progress(`Starting Kafka ${o.kafkaVersion} on 127.0.0.1:${o.kafkaPort}${clients ? ' with secure listeners' : ''}…`)
  startKafka(o, prepareKafka(o, lib, clients))
  up.started.push('kafka')
  return clients
}

/** Does the running broker's config have the OAUTHBEARER listener and the ACL authorizer (added after the other secure settings)? */
function hasCurrentSecureConfig(o: StackOptions): boolean {
  const props = path.join(stackPaths(o).kafkaHome, 'server.properties')
  if (!existsSync(props)) return false
  const text = readFileSync(props, 'utf8')
  return text.includes('OAUTH://') && text.includes(STANDARD_AUTHORIZER)
}

/**
 * The token endpoint and JWKS of the OAUTHBEARER listener; up before Kafka, whose validator
 * fetches the JWKS when it starts.
 */
async function upOAuthServer(
  o: StackOptions,
  clients: StackClients,
  cliPath: string,
  up: Pick<UpResult, 'alreadyRunning' | 'started'>,
): Promise<void> {
  if (!clients.oauth) return
  const port = oauthServerPort(o.kafkaPort)
  if (readPid(pidFile(o, 'oauth-server'))) up.alreadyRunning.push('oauth-server')
  else {
    await checkPortFree(port, 'OAuth token endpoint')
    startDetached(process.execPath, [cliPath, 'stack', 'oauth-server', '--dir', o.dir], {
      log: path.join(stackPaths(o).logs, 'oauth-server.log'),
      pidFile: pidFile(o, 'oauth-server'),
    })
    up.started.push('oauth-server')
  }
  await waitFor(
    `the OAuth token endpoint on 127.0.0.1:${port}`,
    20_000,
    async () => (await portOpen(port)) || undefined,
  )
}

async function upFlink(
  o: StackOptions,
  src: string,
  progress: Progress,
  up: Pick<UpResult, 'alreadyRunning' | 'started'>,
) {
  const p = stackPaths(o)
  const flinkLib = ensureFlinkLib(src, o.flinkVersion, p.flinkLib)
  const jar = ensurePipelineJar(src, o.flinkVersion)
  const jmUp = readPid(pidFile(o, 'flink-jobmanager'))
  const tmUp = readPid(pidFile(o, 'flink-taskmanager'))
  if (jmUp && tmUp) up.alreadyRunning.push('flink-jobmanager', 'flink-taskmanager')
  else {
    if (jmUp || tmUp) {
      await stopProcess(pidFile(o, 'flink-jobmanager'))
      await stopProcess(pidFile(o, 'flink-taskmanager'))
    }
    await checkPortFree(o.flinkPort, 'Flink REST')
    progress(`Starting Flink ${o.flinkVersion} on ${flinkUrl(o)}…`)
    startFlink(o, flinkLib)
    up.started.push('flink-jobmanager', 'flink-taskmanager')
  }
  const flinkVersion = await waitFlinkReady(o)
  progress('Submitting the demo jobs…')
  return { flinkVersion, jobs: await submitJobs(o, jar) }
}

/** The Schema Registry (`--registry`): built by Maven at the first start, then up in seconds. */
async function upRegistry(
  o: StackOptions,
  src: string,
  progress: Progress,
  up: Pick<UpResult, 'alreadyRunning' | 'started'>,
): Promise<void> {
  if (readPid(pidFile(o, 'registry'))) up.alreadyRunning.push('registry')
  else {
    await checkPortFree(registryPort(o.kafkaPort), 'Schema Registry')
    progress('Building the Schema Registry if it is not built yet (Maven)…')
    const jar = ensureRegistryJar(src)
    progress(`Starting the Schema Registry on ${registryUrl(o)}…`)
    startRegistry(o, jar, pidFile(o, 'registry'))
    up.started.push('registry')
  }
  await waitRegistryReady(o)
}

function upGenerator(o: StackOptions, cliPath: string, up: Pick<UpResult, 'alreadyRunning' | 'started'>): void {
  if (readPid(pidFile(o, 'generator'))) {
    up.alreadyRunning.push('generator')
    return
  }
  const args = [cliPath, 'stack', 'generator', '--kafka-port', String(o.kafkaPort), '--rate', String(o.trafficRate)]
  if (o.seed !== undefined) args.push('--seed', String(o.seed))
  startDetached(process.execPath, args, {
    log: path.join(stackPaths(o).logs, 'generator.log'),
    pidFile: pidFile(o, 'generator'),
  })
  up.started.push('generator')
}

/**
 * Brings the stack up: Kafka (KRaft), a Flink session cluster, the demo jobs, the traffic
 * generator. Idempotent: what already runs is reported and left alone.
 */
export async function stackUp(o: StackOptions, cliPath: string, progress: Progress): Promise<UpResult> {
  const t0 = Date.now()
  const missing = checkPrerequisites().filter((p) => !p.ok)
  if (missing.length) throw new Error(missing.map((m) => m.detail).join('\n'))
  const previous = loadStackOptions(o.dir)
  const kafkaRunning = previous !== undefined && readPid(pidFile(previous, 'kafka')) !== undefined
  if (kafkaRunning && previous.kafkaVersion !== o.kafkaVersion) {
    throw new Error(
      `The stack in ${o.dir} runs Kafka ${previous.kafkaVersion}; run \`keytrail stack down\` first to switch to ${o.kafkaVersion}`,
    )
  }
  const flinkRunning =
    previous !== undefined &&
    (readPid(pidFile(previous, 'flink-jobmanager')) !== undefined ||
      readPid(pidFile(previous, 'flink-taskmanager')) !== undefined)
  if (o.flink && flinkRunning && previous.flinkVersion !== o.flinkVersion) {
    throw new Error(
      `The stack in ${o.dir} runs Flink ${previous.flinkVersion}; run \`keytrail stack down\` first to switch to ${o.flinkVersion}`,
    )
  }
  // A running secure broker stays secure: an `up` without --secure only adds what is missing.
  if (kafkaRunning && previous.secure) o = { ...o, secure: true }
  // Likewise a running registry stays (its generator writes the registry topics).
  const registryRunning = previous?.registry === true && readPid(pidFile(previous, 'registry')) !== undefined
  if (registryRunning) o = { ...o, registry: true }
  const src = stackSourceDir()
  progress(
    `Fetching Kafka ${o.kafkaVersion}${o.flink ? `, Flink ${o.flinkVersion} and building the demo pipeline` : ''} (Maven)…`,
  )
  const kafkaLib = ensureKafkaLib(src, o.kafkaVersion, stackPaths(o).kafkaLib)
  const up: Pick<UpResult, 'alreadyRunning' | 'started'> = { alreadyRunning: [], started: [] }
  const material = o.secure ? await ensureSecureMaterial(o.dir, o.kafkaPort) : undefined
  if (material) await upOAuthServer(o, material, cliPath, up)
  const clients = await upKafka(o, kafkaLib, material, progress, up)
  saveStackOptions(o)
  const clusterId = await waitKafkaAndCreateTopics(o)
  const aborted = await abortHangingTransactions(o)
  if (aborted.length) progress(`Aborted ${aborted.length} hanging transaction(s): ${describeHanging(aborted)}`)
  if (clients) {
    ensureScramUser(o, kafkaLib, clients)
    for (const port of Object.values(clients.ports)) {
      await waitFor(
        `Kafka's secure listener on 127.0.0.1:${port}`,
        30_000,
        async () => (await portOpen(port)) || undefined,
      )
    }
  }
  if (o.registry) await upRegistry(o, src, progress, up)
  const flink = o.flink ? await upFlink(o, src, progress, up) : undefined
  if (o.traffic) upGenerator(o, cliPath, up)
  // The generator (running or not yet) mirrors into the registry topics while this says where the registry is.
  await setSchemaRegistry(o, o.registry ? registryUrl(o) : null)
  if (flink) {
    progress('Waiting for every job to run and complete a checkpoint…')
    await waitJobsHealthy(o, flink.jobs)
  }
  return {
    ...up,
    clusterId,
    flinkVersion: flink?.flinkVersion ?? null,
    jobs: flink?.jobs ?? {},
    secure: clients ? { ports: clients.ports, clientsFile: clientsFileOf(o.dir) } : null,
    registry: o.registry ? registryUrl(o) : null,
    seconds: Math.round((Date.now() - t0) / 100) / 10,
  }
}

/** Stops exactly what `up` started (by the pid files in the stack directory). */
export async function stackDown(o: StackOptions): Promise<Component[]> {
  await stopProcess(sweepPidFile(o), 5_000)
  const stopped: Component[] = []
  for (const c of [
    'generator',
    'flink-taskmanager',
    'flink-jobmanager',
    'kafka',
    'oauth-server',
    'registry',
  ] as const) {
    if (await stopProcess(pidFile(o, c), c === 'kafka' ? 30_000 : 15_000)) stopped.push(c)
  }
  return stopped
}

export async function stackStatus(
  o: StackOptions,
): Promise<{ components: ComponentStatus[]; jobs: Array<{ name: string; state: string; jid: string }> }> {
  const components: ComponentStatus[] = []
  const paused = brokerPaused(o)
  for (const c of COMPONENTS) {
    const pid = readPid(pidFile(o, c)) ?? null
    if (!o.flink && c.startsWith('flink') && pid === null) {
      components.push({ name: c, pid, port: null, healthy: true, detail: 'not started (--no-flink)' })
      continue
    }
    if (c === 'oauth-server' && !o.secure && pid === null) {
      components.push({ name: c, pid, port: null, healthy: true, detail: 'not started (no --secure)' })
      continue
    }
    if (c === 'registry' && !o.registry && pid === null) {
      components.push({ name: c, pid, port: null, healthy: true, detail: 'not started (no --registry)' })
      continue
    }
    const port =
      c === 'kafka'
        ? o.kafkaPort
        : c === 'flink-jobmanager'
          ? o.flinkPort
          : c === 'oauth-server'
            ? oauthServerPort(o.kafkaPort)
            : c === 'registry'
              ? registryPort(o.kafkaPort)
              : null
    const open = port !== null && pid !== null ? await portOpen(port) : pid !== null
    const healthy = pid !== null && open && !(c === 'kafka' && paused)
    components.push({
      name: c,
      pid,
      port,
      healthy,
      detail:
        pid === null
          ? 'not running'
          : c === 'kafka' && paused
            ? 'paused (SIGSTOP)'
            : healthy
              ? 'running'
              : `pid ${pid} alive, port ${port} not answering`,
    })
  }
  const jm = components.find((c) => c.name === 'flink-jobmanager')
  const jobs = jm?.healthy ? await listJobs(o).catch(() => []) : []
  return { components, jobs }
}

export function logFile(o: StackOptions, c: Component): string {
  return path.join(stackPaths(o).logs, `${c}.log`)
}
