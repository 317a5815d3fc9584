import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { Kafka, logLevel } from 'kafkajs'
import { fixKafkajsTimers } from '../kafka/kafkajs-timer-fix'
import { classpathOf } from './maven'
import { portOpen, startDetached, waitFor } from './processes'
import {
  SCRAM_MECHANISMS,
  oauthJvmArgs,
  scramFormatArgs,
  secureListenerSettings,
  type StackClients,
} from './secure-stack'
import { CONTROL_TOPIC, REGISTRY_TOPICS, TOPICS, type StackOptions, stackPaths } from './stack-config'

const CLUSTER_ID = 'a2V5dHJhaWwtc3RhY2stMQ' // fixed: the stack's data dir is ours alone

/**
 * The FAULT listener (Kafka port +10, advertised +11: +2…+7 are the secure listeners and the token
 * endpoint, +8 the registry), for the fault suite's proxy: the broker listens on `listener` and advertises
 * `proxy`, where the suite's TCP proxy forwards to `listener`. A client bootstrapped at `proxy` gets
 * metadata naming `proxy` (Kafka answers with the listener the request came in on), so every
 * connection it opens goes through the proxy, while the demo jobs and the generator keep using
 * PLAINTEXT directly. A pure TCP proxy in front of PLAINTEXT would carry only the bootstrap
 * connection: kafkajs then connects to the advertised PLAINTEXT port, around the proxy.
 */
export function faultListenerPorts(o: Pick<StackOptions, 'kafkaPort'>): { listener: number; proxy: number } {
  return { listener: o.kafkaPort + 10, proxy: o.kafkaPort + 11 }
}

/** Does the broker's config (as last written) have the FAULT listener? */
export function hasFaultListener(o: StackOptions): boolean {
  const props = path.join(stackPaths(o).kafkaHome, 'server.properties')
  return existsSync(props) && readFileSync(props, 'utf8').includes('FAULT://')
}

function serverProperties(o: StackOptions, dataDir: string, clients?: StackClients): string {
  const secure = clients ? secureListenerSettings(clients) : { listeners: [], protocols: [], properties: [] }
  const fault = faultListenerPorts(o)
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${o.controllerPort}`,
    `listeners=${[`PLAINTEXT://127.0.0.1:${o.kafkaPort}`, `CONTROLLER://127.0.0.1:${o.controllerPort}`, `FAULT://127.0.0.1:${fault.listener}`, ...secure.listeners].join(',')}`,
    `advertised.listeners=${[`PLAINTEXT://127.0.0.1:${o.kafkaPort}`, `FAULT://127.0.0.1:${fault.proxy}`, ...secure.listeners].join(',')}`,
    'controller.listener.names=CONTROLLER',
    `listener.security.protocol.map=${['PLAINTEXT:PLAINTEXT', 'CONTROLLER:PLAINTEXT', 'FAULT:PLAINTEXT', ...secure.protocols].join(',')}`,
    ...secure.properties,
    'inter.broker.listener.name=PLAINTEXT',
    `log.dirs=${dataDir}`,
    'num.partitions=6',
    'auto.create.topics.enable=false',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=6',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'transaction.state.log.num.partitions=6',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    'log.retention.hours=168',
    'log.segment.bytes=268435456',
    '',
  ].join('\n')
}

const LOG4J2 = `status = warn
appender.out.type = Console
appender.out.name = OUT
appender.out.layout.type = PatternLayout
appender.out.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = info
rootLogger.appenderRef.out.ref = OUT
logger.state.name = state.change.logger
logger.state.level = warn
logger.request.name = kafka.request.logger
logger.request.level = warn
`
const LOG4J1 = `log4j.rootLogger=INFO, out
log4j.appender.out=org.apache.log4j.ConsoleAppender
log4j.appender.out.layout=org.apache.log4j.PatternLayout
log4j.appender.out.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.state.change.logger=WARN
log4j.logger.kafka.request.logger=WARN
`

/** Set once the SCRAM user exists in the storage (created at format, or later by ConfigCommand). */
const scramMarker = (o: StackOptions): string => path.join(stackPaths(o).kafkaHome, 'data', '.keytrail-scram-users')

/**
 * Writes the broker's config and formats its storage (once, with the SCRAM user when secure);
 * returns the java arguments.
 */
export function prepareKafka(o: StackOptions, lib: string, clients?: StackClients): string[] {
  const p = stackPaths(o)
  const dataDir = path.join(p.kafkaHome, 'data')
  mkdirSync(dataDir, { recursive: true })
  const props = path.join(p.kafkaHome, 'server.properties')
  // It holds the PLAIN users' passwords when secure.
  writeFileSync(props, serverProperties(o, dataDir, clients), { mode: 0o600 })
  chmodSync(props, 0o600)
  const kafka3 = o.kafkaVersion.startsWith('3.')
  const logConfig = path.join(p.kafkaHome, kafka3 ? 'log4j.properties' : 'log4j2.properties')
  writeFileSync(logConfig, kafka3 ? LOG4J1 : LOG4J2)
  const logProp = kafka3 ? `-Dlog4j.configuration=file:${logConfig}` : `-Dlog4j2.configurationFile=${logConfig}`
  const base = [
    '-Xms256m',
    '-Xmx512m',
    '-XX:+UseG1GC',
    '-XX:MaxGCPauseMillis=20',
    '-Djava.awt.headless=true',
    logProp,
    ...oauthJvmArgs(clients),
    '-cp',
    classpathOf(lib),
  ]
  if (!existsSync(path.join(dataDir, 'meta.properties'))) {
    const res = spawnSync(
      'java',
      [
        ...base,
        'kafka.tools.StorageTool',
        'format',
        '-t',
        CLUSTER_ID,
        '-c',
        props,
        '--ignore-formatted',
        ...(clients ? scramFormatArgs(clients) : []),
      ],
      { encoding: 'utf8' },
    )
    if (res.status !== 0) throw new Error(`Formatting Kafka storage failed:\n${res.stdout}${res.stderr}`)
    if (clients) writeFileSync(scramMarker(o), 'format\n')
  }
  return [...base, 'kafka.Kafka', props]
}

export function startKafka(o: StackOptions, javaArgs: string[]): number {
  const p = stackPaths(o)
  return startDetached('java', javaArgs, {
    log: path.join(p.logs, 'kafka.log'),
    pidFile: path.join(p.run, 'kafka.pid'),
  })
}

export function stackKafka(o: Pick<StackOptions, 'kafkaPort'>, clientId = 'keytrail-stack'): Kafka {
  fixKafkajsTimers()
  return new Kafka({
    clientId,
    brokers: [`127.0.0.1:${o.kafkaPort}`],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 2000,
    retry: { retries: 3, initialRetryTime: 200 },
  })
}

/** Waits for the broker to answer metadata, then creates the demo topics that are missing. */
export async function waitKafkaAndCreateTopics(o: StackOptions, timeoutMs = 90_000): Promise<string> {
  await waitFor(`Kafka on 127.0.0.1:${o.kafkaPort}`, timeoutMs, async () =>
    (await portOpen(o.kafkaPort)) ? true : undefined,
  )
  const admin = stackKafka(o).admin()
  try {
    const clusterId = await waitFor('Kafka metadata', timeoutMs, async () => {
      await admin.connect()
      return (await admin.describeCluster()).clusterId
    })
    const existing = new Set(await admin.listTopics())
    const wanted = [
      ...[...TOPICS, ...(o.registry ? Object.values(REGISTRY_TOPICS) : [])]
        .filter((t) => !existing.has(t))
        .map((topic) => ({ topic, numPartitions: 6, replicationFactor: 1 })),
      ...(existing.has(CONTROL_TOPIC)
        ? []
        : [
            {
              topic: CONTROL_TOPIC,
              numPartitions: 1,
              replicationFactor: 1,
              configEntries: [{ name: 'cleanup.policy', value: 'compact' }],
            },
          ]),
    ]
    if (wanted.length) await admin.createTopics({ topics: wanted, waitForLeaders: true })
    return clusterId
  } finally {
    await admin.disconnect()
  }
}

/**
 * A storage formatted before the first --secure start has no SCRAM user: it is added through the
 * running broker (Kafka's ConfigCommand over PLAINTEXT), once; one mechanism per request, since the
 * broker refuses to alter one user's credentials twice in a request.
 */
export function ensureScramUser(o: StackOptions, lib: string, clients: StackClients): void {
  if (existsSync(scramMarker(o))) return
  const { username, password } = clients.users.scram
  const main = o.kafkaVersion.startsWith('3.') ? 'kafka.admin.ConfigCommand' : 'org.apache.kafka.tools.ConfigCommand'
  for (const mechanism of SCRAM_MECHANISMS) {
    const res = spawnSync(
      'java',
      ['-Xmx128m', '-cp', classpathOf(lib), main, '--bootstrap-server', `127.0.0.1:${o.kafkaPort}`].concat([
        '--alter',
        '--entity-type',
        'users',
        '--entity-name',
        username,
        '--add-config',
        `${mechanism}=[password=${password}]`,
      ]),
      { encoding: 'utf8' },
    )
    if (res.status !== 0) throw new Error(`Creating the SCRAM user (${mechanism}) failed:\n${res.stdout}${res.stderr}`)
  }
  writeFileSync(scramMarker(o), 'config-command\n')
}
