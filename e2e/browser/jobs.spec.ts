import { expect, test } from '@playwright/test'
import { ShellPage } from '../support/shell-page'

test('jobs list, checkpoint history, trend, detectors and a drill-down of one checkpoint', async ({
  page,
}, testInfo) => {
  const shell = new ShellPage(page)
  await page.goto(process.env.KEYTRAIL_E2E_URL ?? '')
  await shell.ready()
  await shell.go('jobs')
  const list = page.getByTestId('job-list')
  await expect(list).toContainText('Flink 1.20')
  for (const job of ['order-service', 'inventory-service', 'shipping-service'])
    await expect(page.getByTestId(`job-${job}`)).toContainText('RUNNING')
  await page.getByTestId('job-order-service').click()
  await expect(page).toHaveURL(/#\/jobs\/order-service$/)
  await expect(page.getByTestId('checkpoint-config')).toContainText('every 5.0 s')
  await expect(page.getByTestId('detectors').locator('li')).toHaveCount(9)
  const rows = page.getByTestId('checkpoint-history').locator('tbody tr')
  await expect(rows.first()).toBeVisible()
  // Wait for a couple of stored checkpoints so that the trend is drawn.
  await expect(page.getByTestId('checkpoint-trend').locator('svg').first()).toBeVisible({ timeout: 30_000 })
  await rows.first().click()
  const drill = page.getByTestId('checkpoint-drilldown')
  await expect(drill).toContainText('Kafka source')
  await expect(drill).toContainText('Order state machine')
  await expect(drill.locator('tbody tr').first()).toContainText(/subtask \d: (sync|async|alignment|start delay) \d+ ms/)
  await page.setViewportSize({ width: 1400, height: 2400 })
  await page.getByTestId('tab-graph').click()
  await expect(page.getByTestId('job-graph')).toContainText('Order state machine')
  await expect(page.getByTestId('job-kafka')).toContainText('inventory, orders, payments, shipments')
  await expect(page.getByTestId('job-kafka')).toContainText('order-service')
  await page.screenshot({ path: testInfo.outputPath('jobs-graph.png'), fullPage: true })
  await page.getByTestId('tab-checkpoints').click()
  for (const theme of ['light', 'dark'] as const) {
    await shell.theme(theme)
    const file = testInfo.outputPath(`jobs-${theme}.png`)
    await page.screenshot({ path: file, fullPage: true })
    await testInfo.attach(`jobs-${theme}`, { path: file, contentType: 'image/png' })
  }
})

test('a savepoint triggered from the UI in a read-write profile completes and shows its path', async ({ page }) => {
  const shell = new ShellPage(page)
  await page.goto(process.env.KEYTRAIL_E2E_URL ?? '')
  await shell.ready()
  await shell.go('jobs')
  await page.getByTestId('job-shipping-service').click()
  let asked = ''
  page.once('dialog', (d) => {
    asked = d.message()
    void d.accept()
  })
  await page.getByTestId('action-savepoint').click()
  await expect(page.getByTestId('action-location')).toContainText('savepoint-', { timeout: 60_000 })
  expect(asked).toContain('"shipping-service"')
  expect(asked).toContain('Local demo stack')
})
