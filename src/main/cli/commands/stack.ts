import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { z } from 'zod'
import { FAULTS, faultRequestSchema, setFault, setTrafficRate } from '../../stack/faults'
import { runGenerator } from '../../stack/generator'
import { SWEEP_AFTER_RESUME_S, abortHangingTransactions, describeHanging } from '../../stack/hanging-transactions'
import { createOAuthServer, listenOAuthServer, readSigningKey } from '../../stack/oauth-server'
import { oauthServerPort, readStackClients } from '../../stack/secure-stack'
import {
  COMPONENTS,
  loadStackOptions,
  logFile,
  stackDown,
  stackStatus,
  stackUp,
  type Component,
} from '../../stack/stack-manager'
import { cliScriptPath, defaultStackOptions, stackOptionsSchema, type StackOptions } from '../../stack/stack-config'
import { sleep } from '../../util/sleep'
import { UsageError, printJson, type CliIo } from '../io'

export const STACK_USAGE = `Usage:
  keytrail stack up [--kafka 4.4|3.9] [--flink 1.20|2.2] [--secure] [--registry] [--no-flink] [--no-traffic] [--rate N]
                    [--seed N] [--dir D] [--kafka-port 9092] [--flink-port 8081] [--checkpoint-interval 5000] [--json]
    --flink 2.2 runs the Flink 2.2 session cluster and the pipeline built for it (default 1.20);
    switching the version of a running stack needs \`stack down\` first.
    --secure adds SASL_PLAINTEXT (PLAIN, SCRAM-SHA-256/512), SSL, mTLS, SASL_SSL and OAUTHBEARER
    (SASL_PLAINTEXT, JWTs validated by the broker) listeners on the Kafka port +2…+6, an OAuth
    token endpoint and JWKS on +7 (a private CA, certificates and the signing key in <dir>/secure,
    client secrets in <dir>/secure/clients.json, mode 0600) and the built-in profiles local-plain,
    local-scram, local-tls, local-mtls, local-sasl-ssl and local-oauth.
    --registry adds a Schema Registry (Apicurio 2.4, Confluent API, built with Maven) on the Kafka
    port +8; the generator then also writes every event to orders-avro (Avro key and value) and the
    payment events to payments-proto (Protobuf), and the built-in profile local-registry traces them.
  keytrail stack down [--dir D]
  keytrail stack status [--dir D] [--json]                 exit 1 when a component is down
  keytrail stack logs [${COMPONENTS.join('|')}] [--lines N] [--dir D]
  keytrail stack traffic <orders-per-second>               0 pauses the traffic
  keytrail stack fault <${FAULTS.join('|')}> on|off [job]
    broker-pause stops Kafka (SIGSTOP); broker-kill and jobmanager-kill kill it (SIGKILL) and
    \`off\` starts it again (a killed JobManager's jobs are resubmitted from their checkpoints).
  Kafka also listens on its port +10 (FAULT), advertised as +11: the fault suite's proxy listens there.
    broker-pause off also aborts, for ${SWEEP_AFTER_RESUME_S / 60} min, the transactions the freeze left hanging
    (Flink's exactly-once sinks can leave one that no timeout ends; \`stack up\` aborts them too).
  keytrail stack sweep-transactions [--for SECONDS] [--dir D]   that sweep, every 30 s
  The stack: Apache Kafka (KRaft) and an Apache Flink session cluster from Maven Central,
  the demo order pipeline (three Flink jobs) and a traffic generator, all on 127.0.0.1.`

const common = {
  dir: { type: 'string' },
  json: { type: 'boolean' },
} as const

/** Options of the stack in --dir (or the default dir): as it was started, else the defaults. */
function baseOptions(io: CliIo, dir: string | undefined): StackOptions {
  const defaults = defaultStackOptions(io.env)
  const target = dir ? path.resolve(dir) : defaults.dir
  return loadStackOptions(target) ?? { ...defaults, dir: target }
}

export const cliScript = cliScriptPath

/** `stack up`: validates the flags, brings the stack up, prints where everything runs. */
async function upCommand(rest: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: rest,
    strict: true,
    options: {
      ...common,
      kafka: { type: 'string' },
      flink: { type: 'string' },
      'no-traffic': { type: 'boolean' },
      secure: { type: 'boolean' },
      registry: { type: 'boolean' },
      'no-flink': { type: 'boolean' },
      rate: { type: 'string' },
      seed: { type: 'string' },
      'kafka-port': { type: 'string' },
      'flink-port': { type: 'string' },
      'checkpoint-interval': { type: 'string' },
    },
  })
  const base = baseOptions(io, values.dir)
  const parsed = stackOptionsSchema.safeParse({
    ...base,
    ...(values.kafka ? { kafkaVersion: values.kafka } : {}),
    ...(values.flink ? { flinkVersion: values.flink } : {}),
    ...(values['kafka-port']
      ? { kafkaPort: values['kafka-port'], controllerPort: Number(values['kafka-port']) + 1 }
      : {}),
    ...(values['flink-port'] ? { flinkPort: values['flink-port'] } : {}),
    ...(values['checkpoint-interval'] ? { checkpointIntervalMs: values['checkpoint-interval'] } : {}),
    ...(values.rate ? { trafficRate: values.rate } : {}),
    ...(values.seed ? { seed: values.seed } : {}),
    traffic: !values['no-traffic'],
    secure: values.secure === true,
    registry: values.registry === true,
    flink: !values['no-flink'],
  })
  if (!parsed.success)
    throw new UsageError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '))
  const result = await stackUp(parsed.data, cliScript(), (line) => io.err(line))
  if (values.json) printJson(io, { ...result, dir: parsed.data.dir, kafkaVersion: parsed.data.kafkaVersion })
  else {
    if (result.alreadyRunning.length) io.out(`Already running: ${result.alreadyRunning.join(', ')}`)
    if (result.started.length) io.out(`Started: ${result.started.join(', ')}`)
    io.out(`Kafka ${parsed.data.kafkaVersion} (cluster ${result.clusterId}) on 127.0.0.1:${parsed.data.kafkaPort}`)
    if (result.flinkVersion)
      io.out(
        `Flink ${result.flinkVersion} on http://127.0.0.1:${parsed.data.flinkPort} — jobs: ${Object.keys(result.jobs).join(', ')}`,
      )
    if (result.secure) {
      const s = result.secure.ports
      io.out(
        `Secure listeners: SASL_PLAINTEXT ${s.saslPlaintext}, SSL ${s.ssl}, mTLS ${s.mtls}, SASL_SSL ${s.saslSsl}${s.oauth ? `, OAUTHBEARER ${s.oauth} (tokens from http://127.0.0.1:${oauthServerPort(parsed.data.kafkaPort)}/token)` : ''} — secrets in ${result.secure.clientsFile}`,
      )
    }
    if (result.registry) io.out(`Schema Registry (Apicurio, Confluent API) on ${result.registry}`)
    io.out(`Ready in ${result.seconds} s. Stack directory: ${parsed.data.dir}`)
  }
  return 0
}

/** `stack generator`: the traffic generator process that `up` starts. */
async function generatorCommand(rest: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: rest,
    strict: true,
    options: { 'kafka-port': { type: 'string' }, rate: { type: 'string' }, seed: { type: 'string' } },
  })
  const opts = z
    .object({
      kafkaPort: z.coerce.number().int().min(1).max(65535),
      rate: z.coerce.number().min(0).max(5000),
      seed: z.coerce.number().int().optional(),
    })
    .parse({ kafkaPort: values['kafka-port'] ?? 9092, rate: values.rate ?? 20, seed: values.seed })
  const controller = new AbortController()
  process.on('SIGTERM', () => controller.abort())
  process.on('SIGINT', () => controller.abort())
  await runGenerator({ ...opts, signal: controller.signal, log: (l) => io.out(`${new Date().toISOString()} ${l}`) })
  return 0
}

/** `stack sweep-transactions`: aborts hanging transactions every 30 s for --for seconds (started by `broker-pause off`). */
async function sweepTransactionsCommand(rest: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: rest, strict: true, options: { ...common, for: { type: 'string' } } })
  const o = baseOptions(io, values.dir)
  const seconds = z.coerce
    .number()
    .int()
    .min(0)
    .max(3600)
    .parse(values.for ?? 0)
  const controller = new AbortController()
  process.once('SIGTERM', () => controller.abort())
  process.once('SIGINT', () => controller.abort())
  const deadline = Date.now() + seconds * 1000
  const log = (l: string): void => io.out(`${new Date().toISOString()} ${l}`)
  do {
    try {
      const aborted = await abortHangingTransactions(o)
      log(
        aborted.length
          ? `aborted ${aborted.length} hanging transaction(s): ${describeHanging(aborted)}`
          : 'swept: no hanging transaction',
      )
    } catch (e) {
      log(`sweep failed: ${(e as Error).message.split('\n')[0]}`)
    }
    if (Date.now() >= deadline) break
    await sleep(30_000, controller.signal)
  } while (!controller.signal.aborted)
  return 0
}

/** `stack oauth-server`: the OAuth token endpoint and JWKS process that `up --secure` starts. */
async function oauthServerCommand(rest: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: rest, strict: true, options: { dir: { type: 'string' } } })
  const dir = values.dir ?? defaultStackOptions(io.env).dir
  const clients = readStackClients(dir)
  const oauth = clients?.oauth
  if (!oauth) throw new UsageError(`No OAuth client in ${dir}/secure/clients.json: run keytrail stack up --secure`)
  const server = createOAuthServer({
    port: Number(new URL(oauth.tokenUrl).port),
    issuer: oauth.issuer,
    audience: oauth.audience,
    scope: oauth.scope,
    clientId: oauth.clientId,
    clientSecret: oauth.clientSecret,
    signingKeyPem: readSigningKey(oauth.signingKeyFile),
  })
  const port = await listenOAuthServer(server, Number(new URL(oauth.tokenUrl).port))
  io.out(`${new Date().toISOString()} OAuth token endpoint http://127.0.0.1:${port}/token, JWKS /jwks`)
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      server.close(() => resolve())
      server.closeAllConnections()
    }
    process.once('SIGTERM', stop)
    process.once('SIGINT', stop)
  })
  return 0
}

export async function stackCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args
  switch (sub) {
    case 'up':
      return upCommand(rest, io)
    case 'down': {
      const { values } = parseArgs({ args: rest, strict: true, options: common })
      const stopped = await stackDown(baseOptions(io, values.dir))
      if (values.json) printJson(io, { stopped })
      else io.out(stopped.length ? `Stopped: ${stopped.join(', ')}` : 'Nothing was running')
      return 0
    }
    case 'status': {
      const { values } = parseArgs({ args: rest, strict: true, options: common })
      const o = baseOptions(io, values.dir)
      const status = await stackStatus(o)
      if (values.json)
        printJson(io, { dir: o.dir, kafkaVersion: o.kafkaVersion, flinkVersion: o.flinkVersion, ...status })
      else {
        for (const c of status.components) {
          io.out(
            `${c.healthy ? 'up  ' : 'DOWN'} ${c.name.padEnd(18)} ${c.pid ? `pid ${c.pid}`.padEnd(11) : ''.padEnd(11)} ${c.port ? `port ${c.port}`.padEnd(10) : ''.padEnd(10)} ${c.detail}`,
          )
        }
        for (const j of status.jobs) io.out(`     job ${j.name.padEnd(18)} ${j.state} ${j.jid}`)
      }
      return status.components.every((c) => c.healthy) ? 0 : 1
    }
    case 'logs': {
      const { values, positionals } = parseArgs({
        args: rest,
        strict: true,
        allowPositionals: true,
        options: { ...common, lines: { type: 'string' } },
      })
      const o = baseOptions(io, values.dir)
      const lines = z.coerce
        .number()
        .int()
        .min(1)
        .max(100_000)
        .parse(values.lines ?? 50)
      const wanted = positionals.length ? positionals : [...COMPONENTS]
      for (const c of wanted) {
        if (!(COMPONENTS as readonly string[]).includes(c))
          throw new UsageError(`No component ${c}; have ${COMPONENTS.join(', ')}`)
        const file = logFile(o, c as Component)
        io.out(`==> ${file} <==`)
        if (existsSync(file))
          io.out(
            readFileSync(file, 'utf8')
              .split('\n')
              .slice(-lines - 1)
              .join('\n'),
          )
      }
      return 0
    }
    case 'traffic': {
      const { values, positionals } = parseArgs({ args: rest, strict: true, allowPositionals: true, options: common })
      const rate = z.coerce.number().min(0).max(5000).safeParse(positionals[0])
      if (!rate.success) throw new UsageError('stack traffic takes a rate in orders per second (0–5000)')
      await setTrafficRate(baseOptions(io, values.dir), rate.data)
      io.out(`Traffic set to ${rate.data} orders/s`)
      return 0
    }
    case 'fault': {
      const { values, positionals } = parseArgs({ args: rest, strict: true, allowPositionals: true, options: common })
      const [fault, state, job] = positionals
      if (state !== 'on' && state !== 'off') throw new UsageError('stack fault <name> on|off [job]')
      const req = faultRequestSchema.safeParse({ fault, on: state === 'on', job })
      if (!req.success) throw new UsageError(req.error.issues.map((i) => i.message).join('; '))
      const o = baseOptions(io, values.dir)
      io.out(await setFault(o, req.data))
      return 0
    }
    case 'sweep-transactions':
      return sweepTransactionsCommand(rest, io)
    case 'generator':
      return generatorCommand(rest, io)
    case 'oauth-server':
      return oauthServerCommand(rest, io)
    default:
      throw new UsageError(sub ? `Unknown stack command "${sub}"` : 'stack needs a command')
  }
}
