import { expect, test } from '@playwright/test'
import { ShellPage } from '../support/shell-page'

test('the overview shows the live local stack: Kafka cluster and Flink with its jobs', async ({ page }, testInfo) => {
  const shell = new ShellPage(page)
  await page.goto(process.env.KEYTRAIL_E2E_URL ?? '')
  await shell.ready()
  const kafka = page.getByTestId('page-overview').getByTestId('report-kafka')
  await expect(kafka).toHaveAttribute('data-state', 'ok', { timeout: 30_000 })
  await expect(kafka).toContainText('1 broker(s)')
  const flink = page.getByTestId('page-overview').getByTestId('report-flink')
  await expect(flink).toHaveAttribute('data-state', 'ok')
  await expect(flink).toContainText('Flink 1.20')
  await expect(flink).toContainText('3 running job(s)')
  await expect(page.getByTestId('status-kafka')).toContainText('1 broker(s)')
  for (const theme of ['light', 'dark'] as const) {
    await shell.theme(theme)
    await page.screenshot({ path: testInfo.outputPath(`overview-live-${theme}.png`) })
  }
})
