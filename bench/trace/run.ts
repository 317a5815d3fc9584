// bench/trace: the trace scan path side by side with kcat (+ jq) in the same run, on four topics of
// the demo's shape filled to 1M events each (see fill.ts). Measures:
//  1. a trace of one order with a time hint vs kcat + jq finding the same events;
//  2. a forced full scan (no hint, no key pruning): records/s vs kcat reading the same partitions;
//  3. peak RSS of this process while the full scan reads > 1 GB, and cancel latency;
//  4. the Trace page drawing 10,000 events (timeline + table) and scrolling them.
// Usage: npm run bench trace   (needs the stack up and kcat/jq; writes bench/results/trace.json)
//   KEYTRAIL_BENCH_TRACE_ONLY=timeline: only the page (4); KEYTRAIL_BENCH_SCREENSHOT=file.png: a picture of the timeline
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Kafka, logLevel } from 'kafkajs'
import { chromium } from 'playwright-core'
import { PartitionReader } from '../../src/main/kafka/partition-reader'
import { TraceRun } from '../../src/main/trace/trace-engine'
import { traceInputSchema, traceMapSchema, type TraceMap, type TraceResult } from '../../src/shared/contract'
import { BENCH_TOPICS, HEAVY_TENANT, fill, orderIdOf } from './fill'

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

function serve(configDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [path.join(root, 'bin/keytrail.js'), 'serve', '--port', '0'], {
    env: { ...process.env, KEYTRAIL_CONFIG_DIR: configDir, KEYTRAIL_STATE_DIR: path.join(configDir, 'state') },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout?.on('data', (d) => {
      out += String(d)
      const m = /serving at (\S+)/.exec(out)
      if (m) resolve({ child, url: m[1]! })
    })
    child.on('exit', (c) => reject(new Error(`serve exited ${c}`)))
  })
}

async function timelineRender(): Promise<{
  events: number
  drawMs: number[]
  idleFrameMs: number
  scrollFrameMs: number
}> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'keytrail-bench-trace-'))
  writeFileSync(
    path.join(dir, 'profiles.json'),
    JSON.stringify({
      version: 1,
      activeId: 'bench',
      profiles: [
        {
          id: 'bench',
          name: 'Bench',
          environment: 'dev',
          readOnly: true,
          kafka: { brokers: [broker] },
          trace: tenantMap,
        },
      ],
    }),
  )
  const { child, url } = await serve(dir)
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  })
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } })
    await page.goto(url)
    await page.getByTestId('nav-trace').click()
    await page.getByTestId('trace-input').fill(HEAVY_TENANT)
    await page.getByTestId('trace-run').click()
    await page.getByTestId('trace-verdict').waitFor({ timeout: 300_000 })
    const events = await page
      .getByTestId('event-row')
      .first()
      .isVisible()
      .then(() => page.evaluate(() => Number(/(\d+) event\(s\)/.exec(document.body.innerText)?.[1] ?? 0)))
    // Drawing all 10,000: zoom in (few drawn), then Fit (all drawn); time to the next painted frame.
    const drawMs: number[] = []
    for (let i = 0; i < 5; i++) {
      await page.getByRole('button', { name: 'Zoom in' }).click()
      await page.waitForTimeout(200)
      drawMs.push(
        await page.evaluate(
          () =>
            new Promise<number>((resolve) => {
              const fit = Array.from(document.querySelectorAll('button')).find((b) => b.textContent === 'Fit')!
              const t0 = performance.now()
              fit.click()
              requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0), 0))
            }),
        ),
      )
    }
    // Scrolling the table: the mean frame time while it scrolls 600 px a frame, against the same
    // page's idle frame time (what this headless, GPU-less Chromium can do at best).
    const frameMs = (scroll: boolean) =>
      page.evaluate(
        (scroll) =>
          new Promise<number>((resolve) => {
            const el = document.querySelector('.event-scroll')!
            const frames: number[] = []
            let last = performance.now()
            let step = 0
            const tick = () => {
              const now = performance.now()
              frames.push(now - last)
              last = now
              if (scroll) el.scrollTop += 600
              if (++step < 120) requestAnimationFrame(tick)
              else resolve(frames.slice(1).reduce((a, b) => a + b, 0) / (frames.length - 1))
            }
            requestAnimationFrame(tick)
          }),
        scroll,
      )
    // For a look at the dense view (not part of the figures).
    if (process.env.KEYTRAIL_BENCH_SCREENSHOT)
      await page.getByTestId('trace-timeline').screenshot({ path: process.env.KEYTRAIL_BENCH_SCREENSHOT })
    const idleFrameMs = await frameMs(false)
    const scrollFrameMs = await frameMs(true)
    return { events, drawMs, idleFrameMs, scrollFrameMs }
  } finally {
    await browser.close()
    child.kill()
    rmSync(dir, { recursive: true, force: true })
  }
}

async function main() {
  for (const tool of ['kcat', 'jq']) execFileSync('bash', ['-c', `command -v ${tool}`])
  log('Filling the bench topics to 1M events each (once)…')
  await fill(kafka, log)
  if (process.env.KEYTRAIL_BENCH_TRACE_ONLY === 'timeline') {
    // Iterating on the page alone: no figures are written.
    const ui = await timelineRender()
    log(
      `  timeline: ${ui.events} events drawn in ${ui.drawMs.map(Math.round).join(', ')} ms; scroll frame ${ui.scrollFrameMs.toFixed(1)} ms`,
    )
    return
  }

  // 1. One order, with a time hint (the order's creation time give or take a minute).
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

  // 2 + 3. Full scan: throughput, RSS, and kcat over the same partitions.
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

  // Cancel: a full scan aborted after 2 s; time from abort to the run returning.
  const ctl = new AbortController()
  let abortedAt = 0
  setTimeout(() => {
    abortedAt = performance.now()
    ctl.abort()
  }, 2000)
  const cancelled = await runTrace(benchMap, { entityId: 'ord-not-there', fullScan: true }, ctl.signal)
  const cancelMs = performance.now() - abortedAt - 0
  log(`  cancel: returned ${Math.round(cancelMs)} ms after the abort (cancelled=${cancelled.result.stats.cancelled})`)

  // 4. The page with 10,000 events.
  const ui = await timelineRender()
  log(
    `  timeline: ${ui.events} events drawn in ${ui.drawMs.map(Math.round).join(', ')} ms; scroll frame ${ui.scrollFrameMs.toFixed(1)} ms (idle frame ${ui.idleFrameMs.toFixed(1)} ms)`,
  )

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

await main()
