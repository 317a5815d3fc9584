import { execFile } from 'node:child_process'
import { readdirSync } from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'

export interface KafkaGroupRow {
  committed: number
  end: number
  lag: number
}

/**
 * Kafka's own view of consumer groups: `ConsumerGroupCommand --describe` from the stack's Kafka
 * jars (what `kafka-consumer-groups.sh` runs), the ground truth for lag tests and benches.
 * Rows by group, then by "topic/partition"; partitions without a committed offset are left out.
 */
export async function kafkaDescribeGroups(
  stackDir: string,
  bootstrap: string,
  groups: string[] | 'all',
): Promise<Map<string, Map<string, KafkaGroupRow>>> {
  const lib = path.join(stackDir, 'lib')
  const kafkaLib = readdirSync(lib).find((d) => d.startsWith('kafka-'))
  if (!kafkaLib) throw new Error(`No Kafka jars under ${lib}: start the stack once`)
  const which = groups === 'all' ? ['--all-groups'] : groups.flatMap((g) => ['--group', g])
  const { stdout } = await promisify(execFile)(
    'java',
    [
      '-cp',
      `${path.join(lib, kafkaLib)}/*`,
      'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand',
      '--bootstrap-server',
      bootstrap,
      '--describe',
      ...which,
    ],
    { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
  )
  const out = new Map<string, Map<string, KafkaGroupRow>>()
  for (const line of stdout.split('\n')) {
    // GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG CONSUMER-ID HOST CLIENT-ID
    const [group, topic, partition, committed, end, lag] = line.trim().split(/\s+/)
    if (!group || !topic || !/^\d+$/.test(partition ?? '') || !/^\d+$/.test(committed ?? '')) continue
    let rows = out.get(group)
    if (!rows) out.set(group, (rows = new Map()))
    rows.set(`${topic}/${partition}`, { committed: Number(committed), end: Number(end), lag: Number(lag) })
  }
  return out
}
