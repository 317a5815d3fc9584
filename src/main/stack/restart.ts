import path from 'node:path'
import { startFlink, waitFlinkReady } from './flink-cluster'
import { submitJobs, waitJobsHealthy } from './flink-jobs'
import { prepareKafka, startKafka, waitKafkaAndCreateTopics } from './kafka-node'
import { ensureFlinkLib, ensureKafkaLib, ensurePipelineJar } from './maven'
import { readPid, stopProcess } from './processes'
import { ensureSecureMaterial } from './secure-stack'
import { type StackOptions, stackPaths, stackSourceDir } from './stack-config'

const pidOf = (o: StackOptions, name: string): string => path.join(stackPaths(o).run, `${name}.pid`)

/** Kills a stack process at once (SIGKILL: no shutdown, as a crash or an OOM kill would). */
export function killComponent(o: StackOptions, name: 'kafka' | 'flink-jobmanager'): number {
  const pid = readPid(pidOf(o, name))
  if (!pid) throw new Error(`${name} is not running (no live pid in the stack directory)`)
  process.kill(pid, 'SIGCONT') // a paused broker dies too
  process.kill(pid, 'SIGKILL')
  return pid
}

/** Starts the broker again with the stack's settings (same data, same listeners) and waits for metadata. */
export async function restartKafka(o: StackOptions): Promise<string> {
  if (readPid(pidOf(o, 'kafka'))) return 'Kafka is already running'
  const lib = ensureKafkaLib(stackSourceDir(), o.kafkaVersion, stackPaths(o).kafkaLib)
  const clients = o.secure ? await ensureSecureMaterial(o.dir, o.kafkaPort) : undefined
  const pid = startKafka(o, prepareKafka(o, lib, clients))
  await waitKafkaAndCreateTopics(o, 120_000)
  return `Kafka restarted (pid ${pid}) and answering`
}

/**
 * Starts the JobManager again. The session cluster has no HA: a killed JobManager took its jobs
 * with it and the TaskManager's slots belong to it, so the TaskManager is restarted too and the
 * demo jobs are submitted again from their retained checkpoints, as `stack up` does.
 */
export async function restartJobManager(o: StackOptions): Promise<string> {
  if (readPid(pidOf(o, 'flink-jobmanager'))) return 'the JobManager is already running'
  await stopProcess(pidOf(o, 'flink-taskmanager'), 10_000)
  const src = stackSourceDir()
  const started = startFlink(o, ensureFlinkLib(src, o.flinkVersion, stackPaths(o).flinkLib))
  await waitFlinkReady(o)
  const jobs = await submitJobs(o, ensurePipelineJar(src, o.flinkVersion))
  // As `stack up` leaves it: every job running with a checkpoint, so that what follows a restart
  // (a console's recovery) is measured from a healthy Flink, not from a submission.
  await waitJobsHealthy(o, jobs)
  return `JobManager restarted (pid ${started.jobManager}), jobs resubmitted: ${Object.keys(jobs).join(', ')}`
}
