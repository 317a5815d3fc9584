// bench/flink: (1) the cost of polling 50 Flink jobs every 5 s (history recording as the console
// does it), in % of one core, against a recorded-response server (scale part only); (2) the Jobs &
// Checkpoints page with 10,000 stored checkpoints: time from opening the job to table and trend drawn.
// Usage: npm run bench flink   (needs `npm run build`; writes bench/results/flink.json)
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium } from 'playwright-core'
import { CheckpointHistoryStore } from '../../src/main/checkpoints/history-store'
import type { CheckpointRecord } from '../../src/main/checkpoints/checkpoint-record'
import { FlinkService } from '../../src/main/flink/flink-service'
import { ProfileStore } from '../../src/main/profiles/profile-store'
import { FileSecretStore } from '../../src/main/profiles/secret-store'
import { profileSchema } from '../../src/shared/contract'

const root = path.resolve(import.meta.dirname, '../..')
const JOBS = 50
const POLL_SECONDS = 60
const STORED = 10_000

function startRecorded(jobs: number): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [path.join(root, 'bench/flink/recorded-server.mjs'), String(jobs)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  return new Promise((resolve) => {
    child.stdout?.on('data', (d: Buffer) => {
      const m = /listening (\d+)/.exec(String(d))
      if (m) resolve({ child, url: `http://127.0.0.1:${m[1]}` })
    })
  })
}

async function pollingCost(flinkUrl: string, tmp: string): Promise<{ cpuPercentOfOneCore: number; recorded: number }> {
  const builtIn = profileSchema.parse({
    id: 'bench',
    name: 'Bench',
    environment: 'dev',
    kafka: { brokers: ['127.0.0.1:1'] },
    flink: { url: flinkUrl },
  })
  const profiles = new ProfileStore(path.join(tmp, 'config', 'profiles.json'), builtIn)
  const service = new FlinkService(
    profiles,
    new FileSecretStore(path.join(tmp, 'config', 'secrets.json'), undefined, {}),
    path.join(tmp, 'state'),
    5_000,
  )
  await service.client('bench') // starts the 5 s watcher
  await service.recordAll('bench') // warm-up
  const cpu0 = process.cpuUsage()
  const t0 = process.hrtime.bigint()
  await new Promise((r) => setTimeout(r, POLL_SECONDS * 1000))
  const cpu = process.cpuUsage(cpu0)
  const wallUs = Number(process.hrtime.bigint() - t0) / 1000
  service.close()
  const recorded = (await service.store('bench').list('order-service')).length
  return { cpuPercentOfOneCore: Math.round(((cpu.user + cpu.system) / wallUs) * 10000) / 100, recorded }
}

function seedHistory(dir: string): void {
  const now = Date.now()
  const records: CheckpointRecord[] = Array.from({ length: STORED }, (_, i) => ({
    jobId: '0'.repeat(32),
    jobName: 'order-service',
    id: i + 1,
    status: i % 97 === 0 ? 'FAILED' : 'COMPLETED',
    isSavepoint: false,
    type: 'CHECKPOINT',
    triggerTimestamp: now - (STORED - i) * 5000,
    latestAckTimestamp: now - (STORED - i) * 5000 + 90,
    durationMs: 60 + (i % 50) * 3,
    stateSize: 2_000_000 + i * 10,
    checkpointedSize: 2_000_000 + i * 10,
    processedData: 0,
    persistedData: 0,
    alignmentBuffered: 0,
    numSubtasks: 4,
    numAcknowledgedSubtasks: 4,
    externalPath: null,
    failureTimestamp: i % 97 === 0 ? now : null,
    failureMessage: i % 97 === 0 ? 'Asynchronous task checkpoint failed.' : null,
  }))
  mkdirSync(dir, { recursive: true })
  writeFileSync(path.join(dir, 'order-service.jsonl'), records.map((r) => JSON.stringify(r)).join('\n') + '\n')
}

async function pageRender(flinkUrl: string, tmp: string): Promise<number[]> {
  const configDir = path.join(tmp, 'ui-config')
  const stateDir = path.join(tmp, 'ui-state')
  mkdirSync(configDir, { recursive: true })
  const profile = profileSchema.parse({
    id: 'bench',
    name: 'Bench',
    environment: 'dev',
    kafka: { brokers: ['127.0.0.1:1'] },
    flink: { url: flinkUrl },
  })
  writeFileSync(
    path.join(configDir, 'profiles.json'),
    JSON.stringify({ version: 1, activeId: 'bench', profiles: [profile] }),
  )
  seedHistory(path.join(stateDir, 'history', 'bench', 'checkpoints'))
  // The store must read all of them back.
  if (
    (await new CheckpointHistoryStore(path.join(stateDir, 'history', 'bench', 'checkpoints')).list('order-service'))
      .length !== STORED
  )
    throw new Error('seeding failed')
  const serve = spawn(process.execPath, [path.join(root, 'bin/keytrail.js'), 'serve', '--port', '0'], {
    env: { ...process.env, KEYTRAIL_CONFIG_DIR: configDir, KEYTRAIL_STATE_DIR: stateDir },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const url = await new Promise<string>((resolve) =>
    serve.stdout?.on('data', (d: Buffer) => {
      const m = /serving at (\S+)/.exec(String(d))
      if (m?.[1]) resolve(m[1])
    }),
  )
  const browser = await chromium.launch({
    executablePath: process.env.KEYTRAIL_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  })
  const samples: number[] = []
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } })
    page.on('console', (m) => console.log(`  [page] ${m.text()}`))
    for (let i = 0; i < 5; i++) {
      await page.goto(url.replace(/\?.*$/, '') + (i === 0 ? `?${url.split('?')[1]}` : ''))
      await page.waitForSelector('[data-testid=shell][data-ready=true]')
      await page.goto(`${new URL(page.url()).origin}/#/jobs`)
      await page.waitForSelector('[data-testid=job-order-service]')
      const ms = await page.evaluate(async () => {
        const t0 = performance.now()
        location.hash = '#/jobs/order-service'
        let first = 0
        await new Promise<void>((resolve) => {
          const check = (): void => {
            if (!first && document.querySelector('[data-testid=detectors]')) first = performance.now() - t0
            const rows = document.querySelectorAll('[data-testid=checkpoint-history] tbody tr').length
            const chart = document.querySelector('[data-testid=checkpoint-trend] svg path.recharts-curve')
            if (rows >= 100 && chart) resolve()
            else requestAnimationFrame(check)
          }
          check()
        })
        console.log(`data on screen after ${Math.round(first)} ms`)
        return performance.now() - t0
      })
      const stored = await page.getByText(`${STORED} checkpoints`).count()
      if (!stored) throw new Error('the page did not show the 10,000 stored checkpoints')
      samples.push(Math.round(ms))
    }
  } finally {
    await browser.close()
    serve.kill('SIGTERM')
  }
  return samples
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'keytrail-bench-flink-'))
const server = await startRecorded(JOBS)
try {
  const polling = await pollingCost(server.url, tmp)
  const render = await pageRender(server.url, tmp)
  const median = [...render].sort((a, b) => a - b)[Math.floor(render.length / 2)] ?? 0
  const result = {
    bench: 'flink',
    at: new Date().toISOString(),
    polling: { jobs: JOBS, intervalS: 5, measuredS: POLL_SECONDS, ...polling, floorPercent: 5 },
    checkpointsPage: { stored: STORED, openToRenderedMs: render, medianMs: median, floorMs: 300 },
  }
  mkdirSync(path.join(root, 'bench/results'), { recursive: true })
  writeFileSync(path.join(root, 'bench/results/flink.json'), JSON.stringify(result, null, 2))
  console.log(
    `flink: polling ${JOBS} jobs every 5 s costs ${polling.cpuPercentOfOneCore} % of one core (floor 5 %); ` +
      `checkpoints page with ${STORED} stored checkpoints renders in ${median} ms median (samples ${render.join(', ')}; floor 300 ms)`,
  )
} finally {
  server.child.kill()
  rmSync(tmp, { recursive: true, force: true })
}
