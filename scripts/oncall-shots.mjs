// Screenshots of the Overview (1280×800, light and dark): node scripts/oncall-shots.mjs <name> [outDir]
import { spawn } from 'node:child_process'
import path from 'node:path'
import { chromium } from 'playwright-core'

const name = process.argv[2] ?? 'all-clear'
const out = process.argv[3] ?? '/work/shots-oncall'
const root = path.resolve(import.meta.dirname, '..')
const serve = spawn(process.execPath, [path.join(root, 'bin/keytrail.js'), 'serve', '--port', '0'], {
  env: process.env,
  stdio: ['ignore', 'pipe', 'inherit'],
})
const url = await new Promise((resolve, reject) => {
  let text = ''
  serve.stdout.on('data', (d) => {
    text += d
    const m = /Keytrail serving at (\S+)/.exec(text)
    if (m) resolve(m[1])
  })
  serve.once('exit', (c) => reject(new Error(`serve exited ${c}`)))
})
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] })
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
  await page.goto(url)
  await page.getByTestId('shell').and(page.locator('[data-ready="true"]')).waitFor()
  // Wait for a report with every component read (or the wanted problem kind).
  const want = process.env.SHOT_KIND
  if (want) await page.locator(`li.problem[data-kind="${want}"]`).first().waitFor({ timeout: 120_000 })
  else await page.getByTestId('all-clear').waitFor({ timeout: 120_000 })
  await page.locator('[data-testid="tile-flink"][data-state="up"]').first().waitFor({ timeout: 60_000 })
  for (const theme of ['light', 'dark']) {
    await page.getByTestId(`theme-${theme}`).click()
    await page.locator(`html[data-theme="${theme}"]`).waitFor()
    await page.screenshot({ path: path.join(out, `overview-${name}-${theme}.png`) })
  }
} finally {
  await browser.close()
  serve.kill('SIGTERM')
}
