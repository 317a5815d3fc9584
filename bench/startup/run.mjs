// bench/startup: browser-mode cold start to an interactive shell, and the initial JS bundle size.
// Cold = a new `keytrail serve` process and a new Chromium for every run.
// Usage: node bench/startup/run.mjs [runs=5]   (needs `npm run build`; writes bench/results/startup.json)
import { spawn } from 'node:child_process'
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { chromium } from 'playwright-core'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const runs = Number(process.argv[2] ?? 5)
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

function serve(configDir) {
  const t0 = performance.now()
  const child = spawn(process.execPath, [path.join(root, 'bin/keytrail.js'), 'serve', '--port', '0'], {
    env: { ...process.env, KEYTRAIL_CONFIG_DIR: configDir },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (d) => {
      out += d
      const m = /serving at (\S+)/.exec(out)
      if (m) resolve({ child, url: m[1], readyMs: performance.now() - t0 })
    })
    child.on('exit', (c) => reject(new Error(`serve exited ${c}`)))
  })
}

function initialBundle() {
  const dir = path.join(root, 'out/renderer')
  const html = readFileSync(path.join(dir, 'index.html'), 'utf8')
  const files = [...html.matchAll(/(?:src|href)="\.?\/?(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1])
  let raw = 0
  let gz = 0
  const parts = {}
  for (const f of files) {
    const buf = readFileSync(path.join(dir, f))
    raw += buf.length
    gz += gzipSync(buf).length
    parts[f] = { bytes: statSync(path.join(dir, f)).size, gzip: gzipSync(buf).length }
  }
  return { files: parts, totalBytes: raw, totalGzip: gz }
}

const samples = []
for (let i = 0; i < runs; i++) {
  const configDir = mkdtempSync(path.join(os.tmpdir(), 'keytrail-bench-'))
  const t0 = performance.now()
  const { child, url, readyMs } = await serve(configDir)
  const browser = await chromium.launch({
    executablePath: process.env.KEYTRAIL_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  })
  const page = await browser.newPage()
  const tNav = performance.now()
  await page.goto(url)
  await page.waitForSelector('[data-testid=shell][data-ready=true]')
  const tReady = performance.now()
  samples.push({ serveReadyMs: readyMs, pageToInteractiveMs: tReady - tNav, totalMs: tReady - t0 })
  await browser.close()
  child.kill('SIGTERM')
  rmSync(configDir, { recursive: true, force: true })
}

const result = {
  bench: 'startup',
  at: new Date().toISOString(),
  runs,
  median: {
    serveReadyMs: Math.round(median(samples.map((s) => s.serveReadyMs))),
    pageToInteractiveMs: Math.round(median(samples.map((s) => s.pageToInteractiveMs))),
    coldStartToInteractiveMs: Math.round(median(samples.map((s) => s.totalMs))),
  },
  initialBundle: initialBundle(),
  samples,
}
mkdirSync(path.join(root, 'bench/results'), { recursive: true })
writeFileSync(path.join(root, 'bench/results/startup.json'), JSON.stringify(result, null, 2))
console.log(
  `startup: cold start to interactive shell ${result.median.coldStartToInteractiveMs} ms median of ${runs} ` +
    `(host ready ${result.median.serveReadyMs} ms, page ${result.median.pageToInteractiveMs} ms); ` +
    `initial bundle ${(result.initialBundle.totalBytes / 1024).toFixed(0)} KiB (${(result.initialBundle.totalGzip / 1024).toFixed(0)} KiB gzip)`,
)
