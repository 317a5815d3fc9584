// bench/lag: the cost of background lag sampling, and its figures against Kafka's own tool.
//  1. Creates 20 topics × 100 partitions (2,000 partitions) with a few records each, and 200
//     consumer groups with committed offsets (real groups, no members), each on 2 of the topics:
//     40,000 committed group-partitions, most of them lagging, so every sample also reads exact
//     time lag (one small fetch per lagging partition, up to the monitor's budget).
//  2. Runs the core as the browser host and Electron run it (background sampling every 10 s,
//     history on disk, a `lag.watch` subscriber) and measures this process's CPU over 60 s.
//  3. In the same run, compares `lag.describe` for every bench group with ConsumerGroupCommand
//     --describe --all-groups (the groups are quiesced: nothing commits and nothing is produced).
//  4. Deletes its groups and topics.
// Usage: npm run bench lag   (needs the stack up; writes bench/results/lag.json)
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Kafka, logLevel, type Admin } from 'kafkajs'
import { createCoreRouter, type CoreRouter } from '../../src/main/core'
import { internalCluster, type InternalCluster } from '../../src/main/kafka/kafkajs-internals'
import { ProfileStore } from '../../src/main/profiles/profile-store'
import { FileSecretStore } from '../../src/main/profiles/secret-store'
import { defaultStackOptions } from '../../src/main/stack/stack-config'
import { kafkaDescribeGroups } from '../../src/main/test-support/consumer-group-command'
import type { GroupDetail, LagSnapshot } from '../../src/shared/contract'

const TOPICS = 20
const PARTITIONS = 100
const GROUPS = 200
const TOPICS_PER_GROUP = 2
const RECORDS = 20
const INTERVAL_MS = 10_000
const MEASURE_MS = Number(process.env.KEYTRAIL_BENCH_LAG_MEASURE_S ?? 60) * 1000

const root = path.resolve(import.meta.dirname, '../..')
const stackOptions = defaultStackOptions()
const broker = `127.0.0.1:${stackOptions.kafkaPort}`
const kafka = new Kafka({ brokers: [broker], logLevel: logLevel.NOTHING, clientId: 'keytrail-bench-lag' })
const log = (s: string) => console.log(s)
// Fresh names per run: re-creating a just-deleted topic races the broker's asynchronous delete.
const RUN = Date.now().toString(36)
const topicName = (i: number) => `bench-lag-${RUN}-${String(i).padStart(2, '0')}`
const groupName = (i: number) => `bench-lag-g-${RUN}-${String(i).padStart(3, '0')}`
const topicsOf = (g: number) => [topicName(g % TOPICS), topicName((g + 7) % TOPICS)]
// A fixed spread of committed offsets (0…RECORDS): some partitions caught up, most lagging.
const committedAt = (g: number, t: number, p: number) => (g * 31 + t * 17 + p * 7) % (RECORDS + 1)

async function withAdmin<T>(fn: (a: Admin) => Promise<T>): Promise<T> {
  const admin = kafka.admin()
  await admin.connect()
  try {
    return await fn(admin)
  } finally {
    await admin.disconnect()
  }
}

async function cleanup(admin: Admin) {
  const groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => g.startsWith('bench-lag-g'))
  if (groups.length) await admin.deleteGroups(groups).catch(() => undefined)
  const topics = (await admin.listTopics()).filter((t) => t.startsWith('bench-lag-'))
  if (topics.length) await admin.deleteTopics({ topics, timeout: 60_000 }).catch(() => undefined)
  // Topic deletion is asynchronous: wait until the names are free again.
  for (let i = 0; i < 60 && (await admin.listTopics()).some((t) => t.startsWith('bench-lag-')); i++) {
    await new Promise((r) => setTimeout(r, 1000))
  }
}

async function setup() {
  const t0 = performance.now()
  await withAdmin(async (admin) => {
    await cleanup(admin)
    await admin.createTopics({
      topics: Array.from({ length: TOPICS }, (_, i) => ({ topic: topicName(i), numPartitions: PARTITIONS })),
      // kafkajs' own wait gives up on UNKNOWN_TOPIC_OR_PARTITION, which KRaft answers at first.
      waitForLeaders: false,
      timeout: 120_000,
    })
    for (let i = 0; ; i++) {
      const ready = await admin
        .fetchTopicMetadata({ topics: Array.from({ length: TOPICS }, (_, t) => topicName(t)) })
        .then((m) =>
          m.topics.every((t) => t.partitions.length === PARTITIONS && t.partitions.every((p) => p.leader >= 0)),
        )
        .catch(() => false)
      if (ready) break
      if (i > 120) throw new Error('the bench topics have no leaders after 60 s')
      await new Promise((r) => setTimeout(r, 500))
    }
  })
  log('  topics created; producing…')
  const producer = kafka.producer()
  await producer.connect()
  const stamp = Date.now() - 5 * 60_000
  for (let t = 0; t < TOPICS; t++) {
    const messages = []
    for (let p = 0; p < PARTITIONS; p++) {
      for (let r = 0; r < RECORDS; r++) {
        messages.push({ partition: p, key: `k${r}`, value: `{"n":${r}}`, timestamp: String(stamp + r * 10_000) })
      }
    }
    // Fresh partitions can answer NOT_LEADER for a while (the broker may still be deleting a
    // previous run's topics): retry beyond kafkajs' own few attempts.
    for (let attempt = 1; ; attempt++) {
      try {
        await producer.send({ topic: topicName(t), messages })
        break
      } catch (err) {
        if (attempt >= 10) throw err
        await new Promise((r) => setTimeout(r, 2000))
      }
    }
  }
  await producer.disconnect()
  log('  produced; committing offsets…')
  // admin.setOffsets joins each group with a throwaway consumer (seconds per call); a simple
  // group's commit (generation -1, no member) is what a real `assign()` consumer sends.
  const cluster = internalCluster(kafka, 0) as unknown as InternalCluster & {
    findGroupCoordinator(q: { groupId: string }): Promise<{ offsetCommit(r: object): Promise<unknown> }>
  }
  if (typeof cluster.findGroupCoordinator !== 'function') throw new Error('kafkajs internals changed')
  await cluster.connect()
  try {
    for (let g = 0; g < GROUPS; g++) {
      const coordinator = await cluster.findGroupCoordinator({ groupId: groupName(g) })
      await coordinator.offsetCommit({
        groupId: groupName(g),
        groupGenerationId: -1,
        memberId: '',
        retentionTime: -1,
        topics: topicsOf(g).map((topic) => ({
          topic,
          partitions: Array.from({ length: PARTITIONS }, (_, p) => ({
            partition: p,
            offset: String(committedAt(g, Number(topic.slice(-2)), p)),
          })),
        })),
      })
    }
  } finally {
    await cluster.disconnect()
  }
  log(
    `  setup: ${TOPICS * PARTITIONS} partitions, ${TOPICS * PARTITIONS * RECORDS} records, ${GROUPS} groups × ${TOPICS_PER_GROUP * PARTITIONS} partitions in ${Math.round((performance.now() - t0) / 1000)} s`,
  )
}

/** 2. Background sampling, watched like the UI watches it: first sample, CPU and RSS over MEASURE_MS. */
async function measureSampling(router: CoreRouter) {
  const snapshots: LagSnapshot[] = []
  const watch = router.subscribe(
    'lag.watch',
    { id: 'local' },
    {
      event: (s) => snapshots.push(s as LagSnapshot),
      error: (e) => log(`  lag.watch error: ${e.message}`),
      end: () => undefined,
    },
    { transport: 'test' },
  )
  const first = performance.now()
  while (!snapshots.length) await new Promise((r) => setTimeout(r, 100))
  const firstSampleMs = performance.now() - first
  const seen = snapshots[0]!.groups.filter((g) => g.group.startsWith(`bench-lag-g-${RUN}`)).length
  if (seen !== GROUPS) throw new Error(`the first sample saw ${seen} bench groups, not ${GROUPS}`)
  log(`  first sample (cold: connects, reads history) in ${Math.round(firstSampleMs)} ms`)

  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  const before = snapshots.length
  let peakRss = 0
  const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 500)
  await new Promise((r) => setTimeout(r, MEASURE_MS))
  clearInterval(rssTimer)
  const cpu = process.cpuUsage(cpu0)
  const wallMs = performance.now() - t0
  const cpuPercent = ((cpu.user + cpu.system) / 1000 / wallMs) * 100
  const samples = snapshots.length - before
  watch.unsubscribe()
  log(
    `  sampling: ${samples} samples in ${Math.round(wallMs / 1000)} s; CPU ${cpuPercent.toFixed(2)} % of one core (user ${Math.round(cpu.user / 1000)} ms, system ${Math.round(cpu.system / 1000)} ms); peak RSS ${Math.round(peakRss / 2 ** 20)} MiB`,
  )

  return { firstSampleMs, samples, wallMs, cpuPercent, peakRss }
}

/** 3. Equality with Kafka's own tool (ConsumerGroupCommand) on the quiesced bench groups. */
async function compareWithKafka(router: CoreRouter) {
  const described = await router.call('lag.describe', { id: 'local' }, { transport: 'test' })
  if (!described.ok) throw new Error(described.error.message)
  const ours = new Map(
    (described.value as { groups: GroupDetail[] }).groups
      .filter((g) => g.summary.group.startsWith(`bench-lag-g-${RUN}`))
      .map((g) => [g.summary.group, g]),
  )
  const kcgStarted = performance.now()
  const theirs = await kafkaDescribeGroups(stackOptions.dir, broker, 'all')
  const kcgMs = performance.now() - kcgStarted
  let compared = 0
  const differences: string[] = []
  for (let g = 0; g < GROUPS; g++) {
    const name = groupName(g)
    const mine = ours.get(name)
    const kafkaRows = theirs.get(name)
    if (!mine || !kafkaRows) {
      differences.push(`${name}: missing (ours ${Boolean(mine)}, Kafka's ${Boolean(kafkaRows)})`)
      continue
    }
    if (mine.partitions.length !== kafkaRows.size)
      differences.push(`${name}: ${mine.partitions.length} partitions, Kafka ${kafkaRows.size}`)
    for (const p of mine.partitions) {
      const k = kafkaRows.get(`${p.topic}/${p.partition}`)
      compared++
      if (!k || k.committed !== p.committedOffset || k.end !== p.logEndOffset || k.lag !== p.lag)
        differences.push(
          `${name} ${p.topic}/${p.partition}: ours ${p.committedOffset}/${p.logEndOffset}/${p.lag}, Kafka ${JSON.stringify(k)}`,
        )
    }
  }
  log(
    `  equality: ${compared} group-partitions compared with ConsumerGroupCommand (${Math.round(kcgMs / 1000)} s for it): ${differences.length} differences`,
  )
  for (const d of differences.slice(0, 10)) log(`    ${d}`)

  return { compared, differences }
}

async function main() {
  log(`Creating ${TOPICS} topics × ${PARTITIONS} partitions and ${GROUPS} groups…`)
  await setup()
  const dir = mkdtempSync(path.join(os.tmpdir(), 'keytrail-bench-lag-'))
  const router = createCoreRouter({
    profiles: ProfileStore.inDir(dir),
    secrets: new FileSecretStore(path.join(dir, 'secrets.json')),
    host: 'browser',
    version: 'bench',
    stateDir: path.join(dir, 'state'),
  })
  try {
    const { firstSampleMs, samples, wallMs, cpuPercent, peakRss } = await measureSampling(router)
    const { compared, differences } = await compareWithKafka(router)
    const result = {
      bench: 'lag',
      at: new Date().toISOString(),
      setup: {
        topics: TOPICS,
        partitionsPerTopic: PARTITIONS,
        groups: GROUPS,
        partitionsPerGroup: TOPICS_PER_GROUP * PARTITIONS,
        groupPartitions: GROUPS * TOPICS_PER_GROUP * PARTITIONS,
      },
      intervalMs: INTERVAL_MS,
      measuredMs: Math.round(wallMs),
      samples,
      firstSampleMs: Math.round(firstSampleMs),
      cpuPercentOfOneCore: Number(cpuPercent.toFixed(2)),
      floorCpuPercent: 10,
      peakRssMiB: Math.round(peakRss / 2 ** 20),
      equality: {
        groupPartitionsCompared: compared,
        differences: differences.length,
        examples: differences.slice(0, 10),
      },
    }
    mkdirSync(path.join(root, 'bench/results'), { recursive: true })
    writeFileSync(path.join(root, 'bench/results/lag.json'), `${JSON.stringify(result, null, 2)}\n`)
    log(JSON.stringify(result, null, 2))
    if (differences.length) process.exitCode = 1
  } finally {
    await router.close()
    rmSync(dir, { recursive: true, force: true })
    await withAdmin(cleanup)
  }
}

main().then(
  () => process.exit(),
  (err: unknown) => {
    console.error(err)
    process.exit(1)
  },
)
