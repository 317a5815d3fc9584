// bench/health: what the on-call front door costs and how fast it tells.
//  1. CPU and RSS of a browser-mode host (`keytrail serve`, one process: health rounds, lag
//     sampling, Flink polling, alerts) watching 5 profiles on the local stack, with the Overview
//     open in Chromium, over 60 s. Floor: ≤ 5 % of one core.
//  2. Latency: for failing-checkpoints and poison, from the cause being observable in Flink's REST
//     API (polled every 250 ms) to the problem's row on the Overview, for every profile. Floor: ≤ 15 s.
//  3. The Overview drawing 500 problems: from the report's arrival to the painted frame (the worst 100
//     rows and "Show all 500"). Floor: ≤ 200 ms. Then "Show all" to 500 rows painted (reported).
// Usage: npm run bench health   (needs `keytrail stack up`; writes bench/results/health.json)
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium, type Page } from 'playwright-core'
import { startServe } from '../../e2e/support/serve'
import { defaultStackOptions } from '../../src/main/stack/stack-config'
import { FAULT_CASES, trial } from './latency'
import { routeOverview, timeShowAll, timeTo500Rows } from './render'

const MEASURE_MS = Number(process.env.KEYTRAIL_BENCH_HEALTH_MEASURE_S ?? 60) * 1000
const TRIALS = Number(process.env.KEYTRAIL_BENCH_HEALTH_TRIALS ?? 2)
const RENDERS = 5
const root = path.resolve(import.meta.dirname, '../..')
const stack = defaultStackOptions()
const log = (s: string) => console.log(s)

/** `local` is built in; four more profiles of other environments on the same stack make five. */
function writeProfiles(dir: string): string[] {
  const envs = ['prod', 'staging', 'dev', 'dev'] as const
  const profiles = envs.map((environment, i) => ({
    id: `bench-${i + 1}-${environment}`,
    name: `Bench ${i + 1} (${environment})`,
    environment,
    readOnly: true,
    kafka: { brokers: [`127.0.0.1:${stack.kafkaPort}`] },
    flink: { url: `http://127.0.0.1:${stack.flinkPort}` },
  }))
  writeFileSync(path.join(dir, 'profiles.json'), JSON.stringify({ version: 1, activeId: 'local', profiles }))
  return ['local', ...profiles.map((p) => p.id)]
}

/** utime + stime of a process, in ms (Linux: clock ticks of 1/100 s). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  return (Number(fields[11]) + Number(fields[12])) * 10
}
const rssMiB = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024

async function measureCpu(pid: number, page: Page, profiles: string[]) {
  // Every profile has been evaluated at least once before the window starts.
  await page.waitForFunction(
    (n) => /(\d+) profile\(s\)/.exec(document.body.innerText)?.[1] === String(n),
    profiles.length,
    {
      timeout: 120_000,
    },
  )
  await new Promise((r) => setTimeout(r, 15_000))
  const c0 = cpuMs(pid)
  const t0 = Date.now()
  let peak = 0
  const timer = setInterval(() => (peak = Math.max(peak, rssMiB(pid))), 1000)
  await new Promise((r) => setTimeout(r, MEASURE_MS))
  clearInterval(timer)
  const percent = ((cpuMs(pid) - c0) / (Date.now() - t0)) * 100
  log(
    `  host CPU over ${MEASURE_MS / 1000} s with ${profiles.length} profiles: ${percent.toFixed(2)} % of one core; peak RSS ${Math.round(peak)} MiB`,
  )
  return { cpuPercentOfOneCore: Number(percent.toFixed(2)), peakRssMiB: Math.round(peak) }
}

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'keytrail-bench-health-'))
  const profiles = writeProfiles(dir)
  const served = await startServe({ KEYTRAIL_CONFIG_DIR: dir, KEYTRAIL_STATE_DIR: path.join(dir, 'state') })
  const browser = await chromium.launch({
    executablePath: process.env.KEYTRAIL_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  })
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    await page.goto(served.url)
    await page.getByTestId('page-overview').waitFor()

    log('1. cost of the health service')
    const cost = await measureCpu(served.process.pid!, page, profiles)

    log('2. cause observable in Flink → row on the Overview')
    const latency: Record<string, Array<{ observableAfterMs: number; perProfileMs: number[] }>> = {}
    for (const c of FAULT_CASES) {
      for (let i = 0; i < TRIALS; i++) {
        const r = await trial(page, stack, c, profiles)
        ;(latency[c.name] ??= []).push(r)
        log(
          `  ${c.name} #${i + 1}: observable ${(r.observableAfterMs / 1000).toFixed(1)} s after the switch; on the Overview ${r.perProfileMs.map((ms) => (ms / 1000).toFixed(1)).join(' / ')} s later (${profiles.join(' / ')})`,
        )
      }
    }
    const worstLatencyMs = Math.max(...Object.values(latency).flatMap((rs) => rs.flatMap((r) => r.perProfileMs)))

    log('3. the Overview drawing 500 problems')
    const renderMs: number[] = []
    const showAllMs: number[] = []
    for (let round = 0; round < RENDERS; round++) {
      // Each round on a freshly opened Overview (as the engineer opens it): the first rows, then "Show all".
      const fresh = await browser.newPage({ viewport: { width: 1280, height: 800 } })
      const freshRoute = await routeOverview(fresh)
      await fresh.goto(served.url)
      await fresh.getByTestId('page-overview').waitFor()
      await fresh.locator('[data-testid="problems"], [data-testid="all-clear"]').first().waitFor({ timeout: 60_000 })
      const timed = timeTo500Rows(fresh, round)
      freshRoute.arm(round)
      renderMs.push(Math.round(await timed))
      showAllMs.push(Math.round(await timeShowAll(fresh, round)))
      await fresh.close()
    }
    log(`  the report of 500 problems painted ${renderMs.join(' / ')} ms after it arrived`)
    log(`  all 500 rows painted ${showAllMs.join(' / ')} ms after "Show all"`)

    const result = {
      bench: 'health',
      at: new Date().toISOString(),
      profiles: profiles.length,
      cost: { ...cost, measuredMs: MEASURE_MS, floorCpuPercent: 5 },
      latency: { trials: latency, worstMs: worstLatencyMs, floorMs: 15_000 },
      render: { problems: 500, ms: renderMs, worstMs: Math.max(...renderMs), floorMs: 200, showAllMs },
      loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
    }
    mkdirSync(path.join(root, 'bench/results'), { recursive: true })
    writeFileSync(path.join(root, 'bench/results/health.json'), `${JSON.stringify(result, null, 2)}\n`)
    log(JSON.stringify(result, null, 2))
    const misses = [
      cost.cpuPercentOfOneCore > 5 && `CPU ${cost.cpuPercentOfOneCore} % > 5 %`,
      worstLatencyMs > 15_000 && `latency ${worstLatencyMs} ms > 15 s`,
      Math.max(...renderMs) > 200 && `render ${Math.max(...renderMs)} ms > 200 ms`,
    ].filter(Boolean)
    if (misses.length) {
      log(`below the floor: ${misses.join('; ')}`)
      process.exitCode = 1
    }
  } finally {
    await browser.close()
    await served.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

main().then(
  () => process.exit(),
  (err: unknown) => {
    console.error(err)
    process.exit(1)
  },
)
