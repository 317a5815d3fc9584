// Screenshots of the Overview at 1280×800, light and dark, against the running local stack:
//   node scripts/oncall-shots.mjs all-clear [outDir]    waits for "All clear"
//   node scripts/oncall-shots.mjs two-faults [outDir]   turns on poison and pause-consumer (shipping-service),
//                                                       waits for both problems and their alerts, turns them off
// outDir defaults to docs/. The stack is the one of KEYTRAIL_STACK_DIR (and its ports), as for the CLI.
import { execFileSync, spawn } from 'node:child_process'
import path from 'node:path'
import { chromium } from 'playwright-core'

const name = process.argv[2] ?? 'all-clear'
const root = path.resolve(import.meta.dirname, '..')
const out = path.resolve(process.argv[3] ?? path.join(root, 'docs'))
const bin = path.join(root, 'bin/keytrail.js')

/** The faults of a scene: the CLI's `stack fault` arguments, and the local problem each one raises. */
const SCENES = {
  'all-clear': [],
  'two-faults': [
    { args: ['poison'], row: 'li.problem[data-profile="local"][data-kind="job-restarting"]', cause: /Poison event/ },
    {
      args: ['pause-consumer', 'shipping-service'],
      row: 'li.problem[data-profile="local"][data-subject$="shipping-service"]',
      cause: /shipping-service/,
    },
  ],
}
const scene = SCENES[name]
if (!scene) throw new Error(`unknown scene ${name}: ${Object.keys(SCENES).join(', ')}`)

const setFault = (args, on) =>
  execFileSync(process.execPath, [bin, 'stack', 'fault', args[0], on ? 'on' : 'off', ...args.slice(1)], {
    stdio: 'inherit',
    timeout: 60_000,
  })

const serve = spawn(process.execPath, [bin, 'serve', '--port', '0'], {
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
  await page.locator('[data-testid="cluster-local"] [data-testid="tile-flink"][data-state="up"]').waitFor({
    timeout: 60_000,
  })
  // Every scene starts from a quiet stack: no problem, and no alert still inside its 45 s hysteresis.
  await page.getByTestId('all-clear').waitFor({ timeout: 180_000 })
  if (scene.length === 0) {
    await page.getByTestId('alerts').waitFor()
    await page.locator('[data-testid="alert"]').first().waitFor({ state: 'detached', timeout: 180_000 })
    await page.getByTestId('all-clear').waitFor()
    await shoot(page)
  } else {
    for (const f of scene) setFault(f.args, true)
    try {
      for (const f of scene)
        await page.locator(f.row).filter({ hasText: f.cause }).first().waitFor({ timeout: 120_000 })
      // Their alerts have fired and are listed.
      await page
        .locator('[data-testid="alert"][data-profile="local"]')
        .nth(scene.length - 1)
        .waitFor({ timeout: 60_000 })
      await shoot(page)
    } finally {
      for (const f of scene) setFault(f.args, false)
    }
  }
} finally {
  await browser.close()
  serve.kill('SIGTERM')
}

async function shoot(page) {
  for (const theme of ['light', 'dark']) {
    await page.getByTestId(`theme-${theme}`).click()
    await page.locator(`html[data-theme="${theme}"]`).waitFor()
    const file = path.join(out, `overview-${name}-${theme}.png`)
    await page.screenshot({ path: file })
    console.log(file)
  }
}
