import { readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { envelope, newTraceparent, record } from './demo-events'
import { SWEEP_AFTER_RESUME_S, startTransactionSweep } from './hanging-transactions'
import { stackKafka } from './kafka-node'
import { commandLine, readPid, threadStates } from './processes'
import { killComponent, restartJobManager, restartKafka } from './restart'
import { seededRandom } from './seeded-random'
import { sleep } from '../util/sleep'
import { CONTROL_TOPIC, JOBS, type StackOptions, stackPaths } from './stack-config'

export const FAULTS = [
  'pause-consumer',
  'slow-checkpoints',
  'failing-checkpoints',
  'poison',
  'stuck-orders',
  'broker-pause',
  'broker-kill',
  'jobmanager-kill',
] as const
export type FaultName = (typeof FAULTS)[number]

export const faultRequestSchema = z
  .object({
    fault: z.enum(FAULTS),
    on: z.boolean(),
    job: z.enum(JOBS.map((j) => j.name) as [string, ...string[]]).optional(),
  })
  .refine((r) => r.fault !== 'pause-consumer' || r.job !== undefined, {
    message: 'pause-consumer needs a job: order-service, inventory-service or shipping-service',
  })
export type FaultRequest = z.infer<typeof faultRequestSchema>

async function publish(o: Pick<StackOptions, 'kafkaPort'>, key: string, value: object): Promise<void> {
  const producer = stackKafka(o).producer()
  await producer.connect()
  try {
    await producer.send({
      topic: CONTROL_TOPIC,
      messages: [{ key, value: JSON.stringify({ ...value, at: new Date().toISOString() }) }],
    })
  } finally {
    await producer.disconnect()
  }
}

/**
 * Sets a fault switch. The effect is real: jobs and the generator act on the control topic;
 * broker-pause stops the JVM (SIGSTOP); broker-kill and jobmanager-kill SIGKILL it, and `off`
 * starts it again (and resubmits the jobs a killed JobManager lost) before it returns.
 */
export async function setFault(o: StackOptions, req: FaultRequest): Promise<string> {
  if (req.fault === 'broker-kill') {
    return req.on ? `Kafka (pid ${killComponent(o, 'kafka')}) killed with SIGKILL` : restartKafka(o)
  }
  if (req.fault === 'jobmanager-kill') {
    return req.on
      ? `Flink JobManager (pid ${killComponent(o, 'flink-jobmanager')}) killed with SIGKILL`
      : restartJobManager(o)
  }
  if (req.fault === 'broker-pause') {
    const pid = brokerPid(o)
    process.kill(pid, req.on ? 'SIGSTOP' : 'SIGCONT')
    if (req.on) {
      // A switch that did not take is off again: a half-failed "on" must not leave Kafka frozen.
      await allThreadsStopped(pid).catch((err: unknown) => {
        process.kill(pid, 'SIGCONT')
        throw err
      })
      return `Kafka (pid ${pid}) stopped with SIGSTOP`
    }
    startTransactionSweep(o)
    return `Kafka (pid ${pid}) resumed with SIGCONT; hanging transactions are swept for ${SWEEP_AFTER_RESUME_S / 60} min (logs/transactions.log)`
  }
  const key = req.fault === 'pause-consumer' ? `pause-consumer:${req.job}` : req.fault
  if (req.fault === 'stuck-orders') {
    // Returns once the generator acts on it: an order created after this call is held (or answered).
    const log = path.join(stackPaths(o).logs, 'generator.log')
    const logFrom = statSync(log, { throwIfNoEntry: false })?.size ?? 0
    await publish(o, key, { on: req.on })
    await generatorSaid(log, logFrom, new RegExp(`^\\S+ stuck-orders ${req.on ? 'on' : 'off'}`, 'm'))
    return `stuck-orders ${req.on ? 'on: new orders get no payment answer' : 'off: held payments answered'}`
  }
  await publish(o, key, { on: req.on })
  if (req.fault === 'poison' && req.on) {
    const rand = seededRandom(Date.now() >>> 0)
    const orderId = `ord-poison-${Date.now().toString(16)}`
    const producer = stackKafka(o).producer()
    await producer.connect()
    await producer.send({
      topic: 'orders',
      messages: [
        record(
          orderId,
          envelope('OrderCreated', orderId, null, rand, { poison: true, sku: 'SKU-0001', quantity: 1, amount: 1 }),
          newTraceparent(rand),
        ),
      ],
    })
    await producer.disconnect()
    return `poison on: order ${orderId} makes order-service throw until the switch is off`
  }
  return `${key} ${req.on ? 'on' : 'off'}`
}

/** Waits until the generator's log, past `from` bytes, has a line matching `line`. */
export async function generatorSaid(log: string, from: number, line: RegExp, withinMs = 20_000): Promise<void> {
  const end = Date.now() + withinMs
  for (;;) {
    const text = (() => {
      try {
        return readFileSync(log).subarray(from).toString('utf8')
      } catch {
        return ''
      }
    })()
    if (line.test(text)) return
    if (Date.now() > end)
      throw new Error(
        `The generator did not take the switch within ${withinMs / 1000} s (no "${line.source}" in ${log}): is the stack's traffic on?`,
      )
    await sleep(100)
  }
}

export async function setTrafficRate(o: StackOptions, rate: number): Promise<void> {
  await publish(o, 'traffic-rate', { rate })
}

/** Tells the generator where the Schema Registry is (it mirrors the events into the registry topics), or that there is none. */
export async function setSchemaRegistry(o: Pick<StackOptions, 'kafkaPort'>, url: string | null): Promise<void> {
  await publish(o, 'schema-registry', { url })
}

/** The live broker's pid; a pid file left by a broker that died, its number since reused, is refused. */
function brokerPid(o: StackOptions): number {
  const pid = readPid(path.join(stackPaths(o).run, 'kafka.pid'))
  if (!pid) throw new Error('Kafka is not running (no live pid in the stack directory)')
  const cmd = commandLine(pid)
  if (!cmd.includes('kafka.Kafka')) throw new Error(`Kafka's pid file names pid ${pid}, which is not Kafka: ${cmd}`)
  return pid
}

/** SIGSTOP stops each thread as it next runs: the switch is on only when none can still answer. */
async function allThreadsStopped(pid: number, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let states = threadStates(pid)
  while (states.some((s) => s !== 'T' && s !== 't')) {
    if (Date.now() > deadline) {
      const running = states.filter((s) => s !== 'T' && s !== 't')
      throw new Error(
        `Kafka (pid ${pid}) got SIGSTOP but ${running.length} of ${states.length} threads still run (${running.join('')})`,
      )
    }
    await sleep(50)
    states = threadStates(pid)
  }
}

/** Whether the broker is frozen by broker-pause (for `stack status`). */
export function brokerPaused(o: StackOptions): boolean {
  const pid = readPid(path.join(stackPaths(o).run, 'kafka.pid'))
  if (!pid) return false
  const states = threadStates(pid)
  return states.length > 0 && states.every((s) => s === 'T' || s === 't')
}
