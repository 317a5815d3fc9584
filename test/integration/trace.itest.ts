import { execFileSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Router } from '../../src/main/api/router'
import type { Subscription } from '../../src/shared/client'
import type { TraceUpdate } from '../../src/shared/contract'
import { PartitionReader } from '../../src/main/kafka/partition-reader'
import { coreFor, kafkaFor, runTrace, stack, until, withAdmin } from './support'

const tmp = mkdtempSync(path.join(os.tmpdir(), 'keytrail-trace-itest-'))
const core = coreFor(path.join(tmp, 'state'), path.join(tmp, 'config'))
const TOPICS = ['orders', 'payments', 'inventory', 'shipments']

interface Truth {
  topic: string
  partition: number
  offset: number
  value: { type: string; orderId: string; eventId: string }
}

/** Every committed record of the demo topics, read by kcat (librdkafka): a reader independent of ours. */
function groundTruth(): Truth[] {
  const out: Truth[] = []
  for (const topic of TOPICS) {
    const text = execFileSync(
      'kcat',
      [
        '-C',
        '-b',
        `127.0.0.1:${stack().kafkaPort}`,
        '-t',
        topic,
        '-e',
        '-q',
        '-X',
        'isolation.level=read_committed',
        '-f',
        '%p\t%o\t%s\n',
      ],
      { maxBuffer: 1 << 30, encoding: 'utf8' },
    )
    for (const line of text.split('\n')) {
      const [p, o, ...rest] = line.split('\t')
      if (!rest.length) continue
      out.push({ topic, partition: Number(p), offset: Number(o), value: JSON.parse(rest.join('\t')) as Truth['value'] })
    }
  }
  return out
}

const trace = (
  router: Router,
  input: Record<string, unknown>,
  onUpdate?: (u: TraceUpdate, sub: Subscription) => void,
) => runTrace(router, { id: 'local', ...input }, onUpdate)

const coords = (list: { topic: string; partition: number; offset: number }[]) =>
  list.map((e) => `${e.topic}/${e.partition}@${e.offset}`).sort()

describe('trace on the live stack', () => {
  it('finds exactly the records of completed orders that an independent read finds', async () => {
    // On a stack just started, the first orders need about half a minute to complete.
    const truth = await until(
      'more than 10 completed orders on the topics',
      120_000,
      async () => {
        const t = groundTruth()
        return t.filter((r) => r.value.type === 'OrderCompleted').length > 10 ? t : false
      },
      3000,
    )
    const completed = truth.filter((r) => r.value.type === 'OrderCompleted').map((r) => r.value.orderId)
    const picks = [0, 1, 2].map(() => completed[Math.floor(Math.random() * completed.length)]!)
    for (const orderId of picks) {
      const before = coords(truth.filter((r) => r.value.orderId === orderId))
      const result = await trace(core, { entityId: orderId })
      expect(result.verdict.status).toBe('complete')
      expect(result.stats.recordsScanned).toBeGreaterThan(0)
      // With a time hint the same story comes back.
      const first = Math.min(...result.events.map((e) => e.timestamp))
      const hinted = await trace(core, { entityId: orderId, since: first - 1000 })
      // Every record kcat read before, and none it cannot read after: a job that restarted earlier
      // in the run may still re-emit an old order's events while the traces run.
      const after = coords(groundTruth().filter((r) => r.value.orderId === orderId))
      for (const got of [coords(result.events), coords(hinted.events)]) {
        expect(got).toEqual(expect.arrayContaining(before))
        expect(after).toEqual(expect.arrayContaining(got))
        expect(new Set(got).size).toBe(got.length)
      }
    }
  })

  it('flags a duplicated event as an exactly-once breach', async () => {
    const truth = groundTruth()
    // A recent one: the trace's window reaches from the order's first event to its end.
    const shipped = truth.filter((r) => r.value.type === 'ItemShipped').at(-1)!
    const producer = kafkaFor().producer()
    await producer.connect()
    const [orig] = (
      await (async () => {
        const reader = new PartitionReader(kafkaFor())
        await reader.connect()
        try {
          return (
            await reader.fetch([{ topic: 'shipments', partition: shipped.partition, offset: shipped.offset }])
          )[0]!.records
        } finally {
          await reader.disconnect()
        }
      })()
    ).filter((r) => r.offset === shipped.offset)
    await producer.send({
      topic: 'shipments',
      // Headers too: the pipeline reads the event type from them.
      messages: [
        {
          key: orig!.key,
          value: orig!.value,
          partition: shipped.partition,
          headers: Object.fromEntries(orig!.headers.map(([k, v]) => [k, v ?? ''])),
        },
      ],
    })
    await producer.disconnect()
    // read_committed sees the copy once the Flink transactions open before it on that partition
    // commit (at the next checkpoint): until then it lies past the last stable offset.
    const dup = await until('the duplicate to be traced', 30_000, async () => {
      const result = await trace(core, { entityId: shipped.value.orderId })
      return result.verdict.findings.find((f) => f.kind === 'duplicate')
    })
    expect(dup.message).toContain(shipped.value.eventId)
    expect(dup.events).toHaveLength(2)
  })

  it('says when the story may go on behind an open transaction', async () => {
    const orderId = `ord-held-${Date.now()}`
    const producer = kafkaFor().producer({
      transactionalId: `keytrail-itest-${Date.now()}`,
      idempotent: true,
      maxInFlightRequests: 1,
    })
    await producer.connect()
    const tx = await producer.transaction()
    let aborted = false
    try {
      const [sent] = await tx.send({
        topic: 'orders',
        messages: [
          {
            key: orderId,
            value: JSON.stringify({ type: 'OrderPlaced', orderId, eventId: `${orderId}-1`, occurredAt: Date.now() }),
          },
        ],
      })
      const open = await trace(core, { entityId: orderId, topics: ['orders'] })
      expect(open.events).toHaveLength(0)
      const held = open.verdict.findings.find((f) => f.kind === 'uncommitted')
      // The partition of our record, held at or before it (another writer's transaction may start earlier).
      const m = /(orders\/(\d+) after offset (\d+))/.exec(held?.message ?? '')
      expect(m, held?.message).not.toBeNull()
      const [, where, partition, stable] = m!
      expect(Number(partition)).toBe(sent!.partition)
      expect(Number(stable)).toBeLessThanOrEqual(Number(sent!.baseOffset))
      await tx.abort()
      aborted = true
      // Aborted (the broker writes the abort markers just after): nothing waits there any more,
      // and the record stays hidden.
      const after = await until('the abort to release the stable offset', 15_000, async () => {
        const t = await trace(core, { entityId: orderId, topics: ['orders'] })
        return t.verdict.findings.some((f) => f.kind === 'uncommitted' && f.message.includes(where!)) ? false : t
      })
      expect(after.events).toHaveLength(0)
    } finally {
      // An open transaction would hold the partition's stable offset for the other tests.
      if (!aborted) await tx.abort().catch(() => undefined)
      await producer.disconnect()
    }
  })

  it('stops a full scan within a second and keeps what it found', async () => {
    let stopAt = 0
    let asked = false
    const result = await trace(core, { entityId: 'ord-none', fullScan: true }, (u, sub) => {
      if (u.kind === 'progress' && u.stats.recordsScanned > 1000 && !asked) {
        asked = true
        stopAt = Date.now()
        sub.stop()
      }
    })
    expect(asked).toBe(true)
    expect(result.stats.cancelled).toBe(true)
    expect(Date.now() - stopAt).toBeLessThan(1000)
    expect(result.verdict.findings.some((f) => f.message.startsWith('Cancelled'))).toBe(true)
  })

  it('joins no group and commits nothing, whatever the number of traces', async () => {
    const groups = async () =>
      withAdmin(async (a) =>
        (await a.listGroups()).groups
          .map((g) => g.groupId)
          .filter((g) => !g.startsWith('keytrail-generator-control'))
          .sort(),
      )
    const before = await groups()
    const ids = groundTruth()
      .filter((r) => r.topic === 'orders')
      .slice(-100)
      .map((r) => r.value.orderId)
    for (let i = 0; i < 100; i += 10) {
      await Promise.all(ids.slice(i, i + 10).map((entityId) => trace(core, { entityId, since: '-10m' })))
    }
    expect(await groups()).toEqual(before)
    expect(before.some((g) => g.includes('keytrail') && !g.startsWith('keytrail-generator'))).toBe(false)
  })

  it('decodes records compressed with every codec Kafka has', async () => {
    const topic = `keytrail-codecs-${Date.now()}`
    await withAdmin((a) => a.createTopics({ topics: [{ topic, numPartitions: 1 }] }))
    for (const codec of ['none', 'gzip', 'snappy', 'lz4', 'zstd']) {
      execFileSync('kcat', ['-P', '-b', `127.0.0.1:${stack().kafkaPort}`, '-t', topic, '-z', codec, '-K', ':'], {
        input: Array.from({ length: 50 }, (_, i) => `k${i}:{"codec":"${codec}","i":${i}}`).join('\n') + '\n',
      })
    }
    const reader = new PartitionReader(kafkaFor())
    await reader.connect()
    try {
      const seen: string[] = []
      let offset = 0
      while (seen.length < 250) {
        const [b] = await reader.fetch([{ topic, partition: 0, offset }])
        seen.push(...b!.records.map((r) => JSON.parse(r.value!.toString()).codec as string))
        offset = b!.nextOffset
      }
      for (const codec of ['none', 'gzip', 'snappy', 'lz4', 'zstd'])
        expect(seen.filter((c) => c === codec)).toHaveLength(50)
    } finally {
      await reader.disconnect()
      await withAdmin((a) => a.deleteTopics({ topics: [topic] })).catch(() => undefined)
    }
  })

  it('leaves no socket open after fetches that raced to connect', async () => {
    // Every socket opened while the test runs, to see that disconnect ends them all.
    const opened: net.Socket[] = []
    const connect = net.Socket.prototype.connect
    net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
      opened.push(this)
      return (connect as (...a: unknown[]) => net.Socket).apply(this, args)
    } as typeof connect
    const reader = new PartitionReader(kafkaFor())
    try {
      await reader.connect()
      const wanted = [{ topic: 'orders', partition: 0, offset: 0 }]
      const rounds = await Promise.all([reader.fetch(wanted), reader.fetch(wanted), reader.fetch(wanted)])
      expect(rounds.every(([b]) => b?.errorCode === 0)).toBe(true)
    } finally {
      net.Socket.prototype.connect = connect
      await reader.disconnect()
    }
    expect(opened.length).toBeGreaterThan(0)
    expect(opened.filter((s) => !s.writableEnded && !s.destroyed)).toHaveLength(0)
  })
})
