import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import path from 'node:path'
import { classpathOf } from './maven'
import { readPid, startDetached } from './processes'
import { type StackOptions, cliScriptPath, stackPaths } from './stack-config'

const run = promisify(execFile)

/** An open transaction on a partition that its coordinator no longer knows: it holds back read_committed readers for good. */
export interface HangingTransaction {
  topic: string
  partition: number
  producerId: number
  startOffset: number
  minutes: number
}

/** Rows of `TransactionsCommand find-hanging` (tab-separated, one header line). */
export function parseFindHanging(out: string): HangingTransaction[] {
  const rows: HangingTransaction[] = []
  for (const line of out.split('\n')) {
    const cells = line.split('\t').map((c) => c.trim())
    if (cells.length < 8 || cells[0] === 'Topic') continue
    const [topic, partition, producerId, , , startOffset, , minutes] = cells
    const nums = [partition, producerId, startOffset, minutes].map(Number)
    if (!topic || nums.some((n) => !Number.isInteger(n))) continue
    rows.push({ topic, partition: nums[0]!, producerId: nums[1]!, startOffset: nums[2]!, minutes: nums[3]! })
  }
  return rows
}

async function transactionsCommand(o: StackOptions, args: string[]): Promise<string> {
  const { stdout } = await run(
    'java',
    [
      '-Xmx128m',
      '-cp',
      classpathOf(stackPaths(o).kafkaLib),
      'org.apache.kafka.tools.TransactionsCommand',
      '--bootstrap-server',
      `127.0.0.1:${o.kafkaPort}`,
      ...args,
    ],
    { timeout: 60_000, encoding: 'utf8' },
  )
  return stdout
}

/**
 * Finds and aborts hanging transactions on the stack's broker. Flink's exactly-once sinks can leave
 * one behind when the broker freezes mid-transaction (the broker-pause fault): its coordinator has
 * forgotten it, no timeout ends it, and every read_committed consumer of that partition stops there.
 * `maxTimeoutMinutes` is how old an open transaction must be to count (Kafka's own default is 15).
 */
export async function abortHangingTransactions(o: StackOptions, maxTimeoutMinutes = 1): Promise<HangingTransaction[]> {
  const hanging = parseFindHanging(
    await transactionsCommand(o, [
      'find-hanging',
      '--broker-id',
      '1',
      '--max-transaction-timeout',
      String(maxTimeoutMinutes),
    ]),
  )
  for (const t of hanging) {
    await transactionsCommand(o, [
      'abort',
      '--topic',
      t.topic,
      '--partition',
      String(t.partition),
      '--start-offset',
      String(t.startOffset),
    ])
  }
  return hanging
}

export function describeHanging(ts: HangingTransaction[]): string {
  return ts
    .map((t) => `${t.topic}/${t.partition} from offset ${t.startOffset} (producer ${t.producerId}, ${t.minutes} min)`)
    .join(', ')
}

/** How long `broker-pause off` keeps looking for transactions the freeze left hanging. */
export const SWEEP_AFTER_RESUME_S = 300

export const sweepPidFile = (o: StackOptions): string => path.join(stackPaths(o).run, 'transaction-sweep.pid')

/** A detached `stack sweep-transactions` (one at a time): aborts what the freeze left hanging, every 30 s. */
export function startTransactionSweep(o: StackOptions, seconds = SWEEP_AFTER_RESUME_S): void {
  const running = readPid(sweepPidFile(o))
  if (running) process.kill(running, 'SIGTERM')
  startDetached(
    process.execPath,
    [cliScriptPath(), 'stack', 'sweep-transactions', '--dir', o.dir, '--for', String(seconds)],
    {
      log: path.join(stackPaths(o).logs, 'transactions.log'),
      pidFile: sweepPidFile(o),
    },
  )
}
