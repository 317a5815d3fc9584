import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { httpJson } from '../util/http-json'
import { classpathOf } from './maven'
import { startDetached, waitFor } from './processes'
import { type StackOptions, flinkLine, stackPaths } from './stack-config'

/** What Flink's own scripts pass on Java 17 (env.java.opts.all in the default config of 1.20 and 2.2). */
const JAVA17_OPENS = [
  '--add-exports=java.base/sun.net.util=ALL-UNNAMED',
  '--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED',
  '--add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED',
  '--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED',
  '--add-exports=jdk.compiler/com.sun.tools.javac.parser=ALL-UNNAMED',
  '--add-exports=jdk.compiler/com.sun.tools.javac.tree=ALL-UNNAMED',
  '--add-exports=jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED',
  '--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED',
  '--add-opens=java.base/java.lang=ALL-UNNAMED',
  '--add-opens=java.base/java.net=ALL-UNNAMED',
  '--add-opens=java.base/java.io=ALL-UNNAMED',
  '--add-opens=java.base/java.nio=ALL-UNNAMED',
  '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
  '--add-opens=java.base/java.lang.reflect=ALL-UNNAMED',
  '--add-opens=java.base/java.text=ALL-UNNAMED',
  '--add-opens=java.base/java.time=ALL-UNNAMED',
  '--add-opens=java.base/java.util=ALL-UNNAMED',
  '--add-opens=java.base/java.util.concurrent=ALL-UNNAMED',
  '--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED',
  '--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED',
]

/**
 * The cluster's configuration. 1.20 reads flink-conf.yaml (flat `key: value` lines); 2.x reads only
 * config.yaml (standard YAML, flat dotted keys allowed) and renamed the checkpoint and savepoint
 * directory keys (`state.checkpoints.dir` → `execution.checkpointing.dir`, `state.savepoints.dir` →
 * `execution.checkpointing.savepoint-dir`).
 */
export function flinkConf(o: StackOptions, home: string, checkpoints: string): { file: string; text: string } {
  const v2 = !flinkLine(o.flinkVersion).startsWith('1.')
  const lines: Record<string, string | number> = {
    'jobmanager.rpc.address': '127.0.0.1',
    'jobmanager.rpc.port': o.flinkPort + 1,
    'jobmanager.bind-host': '127.0.0.1',
    'taskmanager.bind-host': '127.0.0.1',
    'taskmanager.host': '127.0.0.1',
    'rest.address': '127.0.0.1',
    'rest.bind-address': '127.0.0.1',
    'rest.port': o.flinkPort,
    'rest.flamegraph.enabled': 'true',
    // Pekko's remoting must start within this; its 10 s default fails a JobManager restart on a busy machine.
    'pekko.startup-timeout': '60 s',
    'jobmanager.memory.heap.size': '512m',
    'jobmanager.memory.off-heap.size': '128m',
    'jobmanager.memory.jvm-metaspace.size': '256m',
    'taskmanager.numberOfTaskSlots': 8,
    'taskmanager.cpu.cores': 4,
    'taskmanager.memory.framework.heap.size': '128m',
    'taskmanager.memory.task.heap.size': '512m',
    'taskmanager.memory.managed.size': '64m',
    'taskmanager.memory.framework.off-heap.size': '128m',
    'taskmanager.memory.task.off-heap.size': '0m',
    'taskmanager.memory.network.min': '64m',
    'taskmanager.memory.network.max': '64m',
    'taskmanager.memory.jvm-metaspace.size': '256m',
    'taskmanager.memory.jvm-overhead.min': '192m',
    'taskmanager.memory.jvm-overhead.max': '192m',
    'parallelism.default': o.parallelism,
    'state.backend.type': 'hashmap',
    [v2 ? 'execution.checkpointing.dir' : 'state.checkpoints.dir']: `file://${checkpoints}`,
    [v2 ? 'execution.checkpointing.savepoint-dir' : 'state.savepoints.dir']: `file://${path.join(home, 'savepoints')}`,
    'execution.checkpointing.interval': `${o.checkpointIntervalMs}ms`,
    'web.upload.dir': path.join(home, 'uploads'),
    'io.tmp.dirs': path.join(home, 'tmp'),
    'blob.storage.directory': path.join(home, 'blobs'),
    'classloader.check-leaked-classloader': 'false',
  }
  // YAML proper for 2.x: strings double-quoted (JSON strings are valid YAML scalars).
  const value = (v: string | number): string => (v2 && typeof v === 'string' ? JSON.stringify(v) : String(v))
  const text = `${Object.entries(lines)
    .map(([k, v]) => `${k}: ${value(v)}`)
    .join('\n')}\n`
  return { file: v2 ? 'config.yaml' : 'flink-conf.yaml', text }
}

const LOG4J2 = `rootLogger.level = INFO
rootLogger.appenderRef.out.ref = OUT
appender.out.type = Console
appender.out.name = OUT
appender.out.layout.type = PatternLayout
appender.out.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n
logger.kafka.name = org.apache.kafka
logger.kafka.level = WARN
logger.akka.name = org.apache.pekko
logger.akka.level = WARN
`

/** Starts the JobManager (REST + web UI) and one TaskManager as plain JVMs. */
export function startFlink(o: StackOptions, lib: string): { jobManager: number; taskManager: number } {
  const p = stackPaths(o)
  const conf = path.join(p.flinkHome, 'conf')
  for (const d of [
    conf,
    p.checkpoints,
    path.join(p.flinkHome, 'uploads'),
    path.join(p.flinkHome, 'tmp'),
    path.join(p.flinkHome, 'blobs'),
  ]) {
    mkdirSync(d, { recursive: true })
  }
  const config = flinkConf(o, p.flinkHome, p.checkpoints)
  writeFileSync(path.join(conf, config.file), config.text)
  writeFileSync(path.join(conf, 'log4j.properties'), LOG4J2)
  const common = (role: string): string[] => [
    ...JAVA17_OPENS,
    '-XX:+UseG1GC',
    `-Dlog4j.configurationFile=file:${path.join(conf, 'log4j.properties')}`,
    `-Dlog.file=${path.join(p.logs, `flink-${role}.log`)}`,
    '-cp',
    classpathOf(lib),
  ]
  const jobManager = startDetached(
    'java',
    [
      '-Xms512m',
      '-Xmx512m',
      '-XX:MaxMetaspaceSize=256m',
      ...common('jobmanager'),
      'org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint',
      '--configDir',
      conf,
    ],
    {
      log: path.join(p.logs, 'flink-jobmanager.log'),
      pidFile: path.join(p.run, 'flink-jobmanager.pid'),
      cwd: p.flinkHome,
    },
  )
  const taskManager = startDetached(
    'java',
    [
      '-Xms640m',
      '-Xmx640m',
      '-XX:MaxDirectMemorySize=192m',
      '-XX:MaxMetaspaceSize=256m',
      ...common('taskmanager'),
      'org.apache.flink.runtime.taskexecutor.TaskManagerRunner',
      '--configDir',
      conf,
    ],
    {
      log: path.join(p.logs, 'flink-taskmanager.log'),
      pidFile: path.join(p.run, 'flink-taskmanager.pid'),
      cwd: p.flinkHome,
    },
  )
  return { jobManager, taskManager }
}

const overviewSchema = z.looseObject({
  taskmanagers: z.number(),
  'slots-total': z.number(),
  'flink-version': z.string(),
})

export function flinkUrl(o: Pick<StackOptions, 'flinkPort'>): string {
  return `http://127.0.0.1:${o.flinkPort}`
}

/** Waits until the REST API answers and a TaskManager has registered its slots. */
export async function waitFlinkReady(o: StackOptions, timeoutMs = 120_000): Promise<string> {
  const overview = await waitFor(`Flink REST on ${flinkUrl(o)} with a TaskManager`, timeoutMs, async () => {
    const ov = await httpJson(`${flinkUrl(o)}/overview`, overviewSchema, { timeoutMs: 2000 })
    return ov.taskmanagers > 0 && ov['slots-total'] > 0 ? ov : undefined
  })
  return overview['flink-version']
}
