// bench/trace, part 4: the Trace page drawing 10,000 events (timeline + table) in browser mode.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium, type Page } from 'playwright-core'
import { startServe } from '../../e2e/support/serve'
import type { TraceMap } from '../../src/shared/contract'
import { HEAVY_TENANT } from './fill'

export async function timelineRender(
  broker: string,
  tenantMap: TraceMap,
): Promise<{
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
  const served = await startServe({ KEYTRAIL_CONFIG_DIR: dir, KEYTRAIL_STATE_DIR: path.join(dir, 'state') })
  const url = served.url
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
    const drawMs = await fitDrawTimes(page)
    // For a look at the dense view (not part of the figures).
    if (process.env.KEYTRAIL_BENCH_SCREENSHOT)
      await page.getByTestId('trace-timeline').screenshot({ path: process.env.KEYTRAIL_BENCH_SCREENSHOT })
    const idleFrameMs = await frameMs(page, false)
    const scrollFrameMs = await frameMs(page, true)
    return { events, drawMs, idleFrameMs, scrollFrameMs }
  } finally {
    await browser.close()
    await served.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Drawing all 10,000: zoom in (few drawn), then Fit (all drawn); time to the next painted frame. */
async function fitDrawTimes(page: Page): Promise<number[]> {
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
  return drawMs
}

// Scrolling the table: the mean frame time while it scrolls 600 px a frame, against the same
// page's idle frame time (what this headless, GPU-less Chromium can do at best).
function frameMs(page: Page, scroll: boolean): Promise<number> {
  return page.evaluate(
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
}
