// bench/trace: the trace scan path side by side with kcat (+ jq) in the same run, on four topics of
// the demo's shape filled to 1M events each (see fill.ts). Measures:
//  1. a trace of one order with a time hint vs kcat + jq finding the same events;
//  2. a forced full scan (no hint, no key pruning): records/s vs kcat reading the same partitions;
//  3. peak RSS of this process while the full scan reads > 1 GB, and cancel latency;
//  4. the Trace page drawing 10,000 events (timeline + table) and scrolling them.
// Usage: npm run bench trace   (needs the stack up and kcat/jq; writes bench/results/trace.json)
//   KEYTRAIL_BENCH_TRACE_ONLY=timeline: only the page (4); KEYTRAIL_BENCH_SCREENSHOT=file.png: a picture of the timeline
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { Kafka, logLevel } from 'kafkajs'
import { PartitionReader } from '../../src/main/kafka/partition-reader'
import { TraceRun } from '../../src/main/trace/trace-engine'
import { traceInputSchema, traceMapSchema, type TraceMap, type TraceResult } from '../../src/shared/contract'
import { BENCH_TOPICS, fill, orderIdOf } from './fill'
import { timelineRender } from './timeline-page'

const root = path.resolve(import.meta.dirname, '../..')
const port = Number(process.env.KEYTRAIL_STACK_KAFKA_PORT ?? 9092)
const broker = `127.0.0.1:${port}`
const kafka = new Kafka({ brokers: [broker], logLevel: logLevel.NOTHING, clientId: 'keytrail-bench' })
const log = (s: string) => console.log(s)
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

const benchMap: TraceMap = traceMapSchema.parse({
  entity: 'order',
  rootKind: 'orderId',
  topics: [
    {
      topic: 'bench-orders',
      ids: [{ from: 'key', kind: 'orderId' }],
      links: [{ path: '$.paymentId', kind: 'paymentId' }],
    },
    {
      topic: 'bench-payments',
      ids: [
        { from: 'key', kind: 'paymentId' },
        { from: 'value', path: '$.orderId', kind: 'orderId' },
      ],
    },
    { topic: 'bench-inventory', ids: [{ from: 'value', path: '$.orderId', kind: 'orderId' }] },
    {
      topic: 'bench-shipments',
      ids: [
        { from: 'key', kind: 'shipmentId' },
        { from: 'value', path: '$.orderId', kind: 'orderId' },
      ],
    },
  ],
  flow: {
    steps: [
      { type: 'OrderCreated', withinMs: 1 },
      { type: 'PaymentRequested', after: 'OrderCreated', withinMs: 60_000 },
      { type: 'PaymentReceived', after: 'PaymentRequested', withinMs: 60_000 },
    ],
    terminal: ['OrderCompleted', 'OrderCancelled'],
  },
})
const tenantMap: TraceMap = traceMapSchema.parse({
  entity: 'tenant',
  rootKind: 'tenant',
  topics: BENCH_TOPICS.map((topic) => ({ topic, ids: [{ from: 'value', path: '$.tenant', kind: 'tenant' }] })),
})

async function runTrace(map: TraceMap, input: Record<string, unknown>, signal = new AbortController().signal) {
  const reader = new PartitionReader(kafka)
  await reader.connect()
  const t0 = performance.now()
  try {
    const result: TraceResult = await new TraceRun(
      { reader, map },
      traceInputSchema.parse({ id: 'bench', ...input }),
      () => undefined,
      signal,
    ).run()
    return { result, ms: performance.now() - t0 }
  } finally {
    await reader.disconnect()
  }
}

function timed(cmd: string, shell = true): { ms: number; out: string } {
  const t0 = performance.now()
  const r = spawnSync(shell ? 'bash' : cmd, shell ? ['-c', cmd] : [], { encoding: 'utf8', maxBuffer: 1 << 30 })
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}`)
  return { ms: performance.now() - t0, out: r.stdout }
}

/** kcat reads each topic (all of it, or from/until a time), jq keeps the order's events. */
function kcatJq(orderId: string, window?: { from: number; until: number }): { ms: number; found: number } {
  const offs = window ? `-o s@${window.from} -o e@${window.until}` : '-o beginning'
  const cmds = BENCH_TOPICS.map(
    (t) =>
      `kcat -C -b ${broker} -t ${t} ${offs} -e -q -X isolation.level=read_committed -f '%s\\n' | jq -c 'select(.orderId == "${orderId}")'`,
  )
  const r = timed(`( ${cmds.join(' ; ')} ) | wc -l`)
  return { ms: r.ms, found: Number(r.out.trim()) }
}

async function main() {
  for (const tool of ['kcat', 'jq']) execFileSync('bash', ['-c', `command -v ${tool}`])
  log('Filling the bench topics to 1M events each (once)…')
  await fill(kafka, log)
  if (process.env.KEYTRAIL_BENCH_TRACE_ONLY === 'timeline') {
    // Iterating on the page alone: no figures are written.
    const ui = await timelineRender(broker, tenantMap)
    log(
      `  timeline: ${ui.events} events drawn in ${ui.drawMs.map(Math.round).join(', ')} ms; scroll frame ${ui.scrollFrameMs.toFixed(1)} ms`,
    )
    return
  }

  const hinted = await measureHinted()
  const { full, kcatRun, kcatRecords, peakRss } = await measureFullScan()
  const cancelMs = await measureCancel()
  // 4. The page with 10,000 events.
  const ui = await timelineRender(broker, tenantMap)
  log(
    `  timeline: ${ui.events} events drawn in ${ui.drawMs.map(Math.round).join(', ')} ms; scroll frame ${ui.scrollFrameMs.toFixed(1)} ms (idle frame ${ui.idleFrameMs.toFixed(1)} ms)`,
  )
  const oursRate = full.result.stats.recordsScanned / (full.ms / 1000)
  const kcatRate = kcatRecords / (kcatRun.ms / 1000)
  const ratio = median(hinted.map((h) => h.oursMs / h.kcatJqFullMs))
  const result = {
    bench: 'trace',
    at: new Date().toISOString(),
    topics: BENCH_TOPICS,
    hinted,
    hintedRatioVsKcatJqWholeTopics: Number(ratio.toFixed(4)),
    hintedRatioVsKcatJqSameWindow: Number(median(hinted.map((h) => h.oursMs / h.kcatJqWindowMs)).toFixed(3)),
    floorHintedRatio: 0.2,
    fullScan: {
      records: full.result.stats.recordsScanned,
      bytes: full.result.stats.bytesScanned,
      ms: Math.round(full.ms),
      recordsPerS: Math.round(oursRate),
      kcatRecords,
      kcatMs: Math.round(kcatRun.ms),
      kcatRecordsPerS: Math.round(kcatRate),
      ratio: Number((oursRate / kcatRate).toFixed(3)),
      floorRatio: 0.5,
    },
    peakRssMiB: Math.round(peakRss / 2 ** 20),
    floorRssMiB: 350,
    cancelMs: Math.round(cancelMs),
    floorCancelMs: 1000,
    timeline: {
      events: ui.events,
      drawMs: ui.drawMs.map(Math.round),
      medianDrawMs: Math.round(median(ui.drawMs)),
      scrollFrameMs: Number(ui.scrollFrameMs.toFixed(1)),
      idleFrameMs: Number(ui.idleFrameMs.toFixed(1)),
      floorDrawMs: 300,
    },
  }
  mkdirSync(path.join(root, 'bench/results'), { recursive: true })
  writeFileSync(path.join(root, 'bench/results/trace.json'), `${JSON.stringify(result, null, 2)}\n`)
  log(JSON.stringify(result, null, 2))
}

/** 1. One order, with a time hint (the order's creation time give or take a minute), vs kcat + jq. */
async function measureHinted() {
  const orders = [1234, 98_765, 200_001, 301_999, 55_555].map(orderIdOf)
  const hinted: { orderId: string; oursMs: number; kcatJqWindowMs: number; kcatJqFullMs: number; events: number }[] = []
  for (const orderId of orders) {
    const plain = await runTrace(benchMap, { entityId: orderId, topics: [...BENCH_TOPICS] })
    const createdAt = plain.result.events[0]!.timestamp
    const since = createdAt - 60_000
    const ours = await runTrace(benchMap, { entityId: orderId, since })
    const window = kcatJq(orderId, { from: since, until: since + 30 * 60_000 })
    const full = kcatJq(orderId)
    if (full.found !== ours.result.events.length) {
      throw new Error(`${orderId}: kcat+jq found ${full.found} events, the trace ${ours.result.events.length}`)
    }
    hinted.push({
      orderId,
      oursMs: Math.round(ours.ms),
      kcatJqWindowMs: Math.round(window.ms),
      kcatJqFullMs: Math.round(full.ms),
      events: ours.result.events.length,
    })
    log(
      `  ${orderId}: trace ${Math.round(ours.ms)} ms; kcat+jq ${Math.round(window.ms)} ms (same window), ${Math.round(full.ms)} ms (whole topics); ${ours.result.events.length} events`,
    )
  }

  return hinted
}

/** 2 + 3. Full scan: throughput, RSS, and kcat over the same partitions. */
async function measureFullScan() {
  let peakRss = 0
  const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100)
  const full = await runTrace(benchMap, { entityId: 'ord-not-there', fullScan: true })
  clearInterval(rssTimer)
  const oursRate = full.result.stats.recordsScanned / (full.ms / 1000)
  const kcatRun = timed(
    `for t in ${BENCH_TOPICS.join(' ')}; do kcat -C -b ${broker} -t $t -o beginning -e -q -X isolation.level=read_committed -f '%t %p %o %k %s\\n'; done | wc -l`,
  )
  const kcatRecords = Number(kcatRun.out.trim())
  const kcatRate = kcatRecords / (kcatRun.ms / 1000)
  log(
    `  full scan: ${full.result.stats.recordsScanned} records, ${(full.result.stats.bytesScanned / 2 ** 30).toFixed(2)} GiB in ${Math.round(full.ms)} ms = ${Math.round(oursRate)}/s; kcat ${kcatRecords} in ${Math.round(kcatRun.ms)} ms = ${Math.round(kcatRate)}/s; peak RSS ${Math.round(peakRss / 2 ** 20)} MiB`,
  )

  return { full, kcatRun, kcatRecords, peakRss }
}

/** Cancel: a full scan aborted after 2 s; time from abort to the run returning. */
async function measureCancel() {
  const ctl = new AbortController()
  let abortedAt = 0
  setTimeout(() => {
    abortedAt = performance.now()
    ctl.abort()
  }, 2000)
  const cancelled = await runTrace(benchMap, { entityId: 'ord-not-there', fullScan: true }, ctl.signal)
  const cancelMs = performance.now() - abortedAt - 0
  log(`  cancel: returned ${Math.round(cancelMs)} ms after the abort (cancelled=${cancelled.result.stats.cancelled})`)
  return cancelMs
}

await main()
