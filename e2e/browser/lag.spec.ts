import { expect, test } from '@playwright/test'
import { ShellPage } from '../support/shell-page'

test('groups list and a Flink group with its chart, partitions and Flink figures; both themes', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000)
  const shell = new ShellPage(page)
  await page.setViewportSize({ width: 1400, height: 2000 })
  await page.goto(process.env.KEYTRAIL_E2E_URL ?? '')
  await shell.ready()
  await shell.go('lag')
  const table = page.getByTestId('groups-table')
  for (const g of ['order-service', 'inventory-service', 'shipping-service', 'keytrail-generator']) {
    await expect(table.getByRole('link', { name: g, exact: true })).toBeVisible({ timeout: 30_000 })
  }
  await page.getByTestId('group-filter').fill('shipping')
  await expect(page.getByTestId('group-row')).toHaveCount(1)
  for (const theme of ['light', 'dark'] as const) {
    await shell.theme(theme)
    await page.screenshot({ path: testInfo.outputPath(`lag-groups-${theme}.png`), fullPage: true })
  }
  await table.getByRole('link', { name: 'shipping-service', exact: true }).click()
  await expect(page).toHaveURL(/#\/lag\/shipping-service$/)
  await expect(page.getByTestId('flink-lag')).toContainText('shipping-service')
  await expect(page.getByTestId('partitions-table').locator('tbody tr')).toHaveCount(6)
  await expect(page.getByTestId('partitions-table')).toContainText('orders/0')
  // The monitor samples every 10 s: two samples draw the chart.
  await expect(page.getByTestId('lag-charts').locator('svg').first()).toBeVisible({ timeout: 45_000 })
  await expect(page.getByTestId('verdict-reason')).not.toBeEmpty()
  for (const theme of ['light', 'dark'] as const) {
    await shell.theme(theme)
    const file = testInfo.outputPath(`lag-group-${theme}.png`)
    await page.screenshot({ path: file, fullPage: true })
    await testInfo.attach(`lag-group-${theme}`, { path: file, contentType: 'image/png' })
  }
})
