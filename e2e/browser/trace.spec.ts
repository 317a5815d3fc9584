import { readFileSync } from 'node:fs'
import { expect, test } from '@playwright/test'
import { ShellPage } from '../support/shell-page'

test('find an order, trace it, watch progress, open an event, export Markdown; both themes', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000)
  const shell = new ShellPage(page)
  await page.setViewportSize({ width: 1400, height: 1800 })
  await page.goto(process.env.KEYTRAIL_E2E_URL ?? '')
  await shell.ready()
  await shell.go('trace')
  await expect(page.getByTestId('page-trace')).toBeVisible()

  // An id to trace: a recently completed order, found through the UI.
  await page.getByRole('button', { name: 'Find ids' }).click()
  const find = page.getByTestId('find-panel')
  await find.getByPlaceholder('Event type, e.g. OrderCancelled').fill('OrderCompleted')
  await find.getByRole('button', { name: 'Find' }).click()
  const hit = find.locator('.find-hits button').first()
  await expect(hit).toHaveText(/^ord-/, { timeout: 30_000 })
  const orderId = (await hit.textContent()) ?? ''
  await hit.click()

  await expect(page.getByTestId('trace-input')).toHaveValue(orderId)
  await expect(page.getByTestId('trace-progress')).toBeVisible()
  const verdict = page.getByTestId('trace-verdict')
  await expect(verdict).toContainText('complete', { timeout: 60_000 })
  await expect(verdict).toContainText('Reached OrderCompleted')
  await expect(page.getByTestId('trace-progress')).toContainText('records')
  // Nine events for a plain order; one caught by an earlier fault has more (held payments are
  // released with a PaymentFailed besides the PaymentReceived): every view shows the same ones.
  const dots = page.getByTestId('timeline-event')
  await expect.poll(() => dots.count()).toBeGreaterThanOrEqual(9)
  const events = await dots.count()
  await expect(verdict).toContainText(`(${events} events)`)
  await expect(page.getByTestId('trace-timeline')).toContainText('PaymentRequested')
  await expect(page.getByTestId('event-row')).toHaveCount(events)

  await page.getByTestId('event-row').nth(3).click()
  const detail = page.getByTestId('event-detail')
  await expect(detail.getByTestId('event-json')).toContainText(orderId)
  await expect(detail.getByTestId('event-diff')).toContainText('eventId')

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-md').click()])
  const md = readFileSync(await download.path(), 'utf8')
  expect(md).toContain(`## Trace of \`${orderId}\``)
  expect(md).toContain('OrderCreated')
  expect(md.split('\n').filter((l) => l.startsWith('| 20'))).toHaveLength(events)

  for (const theme of ['light', 'dark'] as const) {
    await shell.theme(theme)
    const file = testInfo.outputPath(`trace-${theme}.png`)
    await page.screenshot({ path: file, fullPage: true })
    await testInfo.attach(`trace-${theme}`, { path: file, contentType: 'image/png' })
  }
})

test('a full scan can be cancelled and keeps its verdict', async ({ page }) => {
  const shell = new ShellPage(page)
  await page.goto(process.env.KEYTRAIL_E2E_URL ?? '')
  await shell.ready()
  await shell.go('trace')
  await page.getByTestId('trace-input').fill('ord-that-does-not-exist')
  await page.getByLabel('full scan').check()
  await page.getByTestId('trace-run').click()
  await page.getByTestId('trace-cancel').click()
  await expect(page.getByTestId('trace-verdict')).toContainText('not-found', { timeout: 5_000 })
  await expect(page.getByTestId('trace-run')).toBeVisible()
})
