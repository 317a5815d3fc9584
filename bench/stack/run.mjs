// bench/stack: cold start of the local stack (Maven artifacts already in ~/.m2, a fresh stack
// directory) until every demo job is RUNNING with a completed checkpoint, and the stack's memory
// (sum of the resident set of its processes, sampled for 30 s with traffic at 20 orders/s).
// Usage: node bench/stack/run.mjs   (needs `npm run build`; writes bench/results/stack.json)
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const cli = path.join(root, 'bin/keytrail.js')
const dir = mkdtempSync(path.join(os.tmpdir(), 'keytrail-bench-stack-'))
const ports = ['--kafka-port', '29092', '--flink-port', '28081']
const keytrail = (...args) => spawnSync(process.execPath, [cli, 'stack', ...args, '--dir', dir], { encoding: 'utf8' })

function rssBytes(pid) {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]
    return kb ? Number(kb) * 1024 : 0
  } catch {
    return 0
  }
}

try {
  const t0 = performance.now()
  const up = keytrail('up', ...ports, '--json')
  const coldStartMs = performance.now() - t0
  if (up.status !== 0) throw new Error(`stack up failed:\n${up.stdout}\n${up.stderr}`)
  const status = JSON.parse(keytrail('status', '--json').stdout)
  const pids = status.components.filter((c) => c.pid).map((c) => ({ name: c.name, pid: c.pid }))
  let peak = 0
  const perComponentPeak = {}
  for (let i = 0; i < 15; i++) {
    let total = 0
    for (const { name, pid } of pids) {
      const rss = rssBytes(pid)
      total += rss
      perComponentPeak[name] = Math.max(perComponentPeak[name] ?? 0, rss)
    }
    peak = Math.max(peak, total)
    await new Promise((r) => setTimeout(r, 2000))
  }
  const result = {
    bench: 'stack',
    at: new Date().toISOString(),
    coldStartToJobsRunningWithCheckpointMs: Math.round(coldStartMs),
    floorMs: 120_000,
    peakRssBytes: peak,
    peakRssGiB: Math.round((peak / 2 ** 30) * 100) / 100,
    memoryFloorGiB: 4,
    perComponentPeakMiB: Object.fromEntries(
      Object.entries(perComponentPeak).map(([k, v]) => [k, Math.round(v / 2 ** 20)]),
    ),
    machine: { cpus: os.cpus().length, memGiB: Math.round(os.totalmem() / 2 ** 30) },
  }
  mkdirSync(path.join(root, 'bench/results'), { recursive: true })
  writeFileSync(path.join(root, 'bench/results/stack.json'), JSON.stringify(result, null, 2))
  console.log(
    `stack: cold start to 3 jobs RUNNING with a checkpoint ${(result.coldStartToJobsRunningWithCheckpointMs / 1000).toFixed(1)} s (floor 120 s); ` +
      `peak memory ${result.peakRssGiB} GiB (floor 4 GiB) — ${JSON.stringify(result.perComponentPeakMiB)} MiB`,
  )
} finally {
  keytrail('down')
  rmSync(dir, { recursive: true, force: true })
}
