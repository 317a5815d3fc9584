import { expect, test, type Page } from '@playwright/test'
import { ShellPage } from '../support/shell-page'
import { captureNotifications, fault, flinkKeepsUpdating, recentOrders } from '../support/oncall'

const url = () => process.env.KEYTRAIL_E2E_URL ?? ''
const base = () => url().split('?')[0] ?? ''

/** A recent order id of the live stack, found as an engineer would (`keytrail find`). */
function recentOrderId(): string {
  const hit = recentOrders('5m')[0]
  if (!hit) throw new Error('no recent order on the stack')
  return hit.entityId
}

async function openOverview(page: Page): Promise<void> {
  await page.context().grantPermissions(['notifications'], { origin: new URL(url()).origin })
  await page.goto(url())
  await new ShellPage(page).ready()
  await expect(page.getByTestId('cluster-local').getByTestId('tile-kafka')).toHaveAttribute('data-state', 'up', {
    timeout: 60_000,
  })
}

test('a deep link to a trace, opened in a fresh page, shows the trace already run', async ({ page, context }) => {
  await page.goto(url()) // trades the token for the cookie
  await new ShellPage(page).ready()
  const id = recentOrderId()
  const fresh = await context.newPage()
  await fresh.goto(`${base()}#/trace/${id}?profile=local`)
  await expect(fresh.getByTestId('trace-verdict')).toBeVisible({ timeout: 60_000 })
  await expect(fresh.getByTestId('page-trace')).toContainText(id)
  await expect(fresh.getByTestId('copy-link')).toHaveAttribute('data-href', `#/trace/${id}?profile=local`)
  await expect(fresh.getByTestId('watch-toggle')).toHaveText('Watch')
})

test('failing checkpoints: the problem shows with its notification, one click opens its evidence, and it resolves', async ({
  page,
}) => {
  test.setTimeout(300_000)
  const notifications = await captureNotifications(page)
  await openOverview(page)
  const problem = page.locator('li.problem[data-kind="checkpoint-consecutive-failures"]').first()
  await fault({ fault: 'failing-checkpoints', on: true })
  try {
    await expect(problem).toBeVisible({ timeout: 60_000 })
    await expect(problem).toContainText('failed checkpoints in a row')
    // Commits wait for checkpoints, so a group may also page (STALL): the checkpoint page is the one asserted.
    const checkpointPage = async () =>
      (await notifications()).filter(
        (n) => n.title === 'CRITICAL · local' && /failed checkpoints in a row/.test(n.body ?? ''),
      ).length
    await expect.poll(checkpointPage, { timeout: 30_000 }).toBeGreaterThan(0)
    await problem.getByTestId('problem').click()
    await expect(page.getByTestId('page-jobs')).toBeVisible()
    await expect(page.getByTestId('job-detail')).toContainText(/failed in a row/, { timeout: 30_000 })
  } finally {
    await fault({ fault: 'failing-checkpoints', on: false })
  }
  await expect
    .poll(async () => (await notifications()).filter((n) => n.title === 'Resolved · local').length, {
      timeout: 150_000,
    })
    .toBeGreaterThan(0)
})

// Last: a frozen broker can leave a sink's transaction hanging (read_committed readers wait for it).
test('broker-pause: the Overview says Kafka unreachable while the Flink tile keeps updating', async ({ page }) => {
  test.setTimeout(240_000)
  await openOverview(page)
  await fault({ fault: 'broker-pause', on: true })
  try {
    // The secured built-in profiles share the broker: the local profile's problem is the one.
    const problem = page.locator('li.problem[data-profile="local"][data-kind="kafka-unreachable"]')
    await expect(problem).toContainText('Kafka unreachable since', { timeout: 60_000 })
    await expect(page.getByTestId('cluster-local').getByTestId('tile-kafka')).toHaveAttribute('data-state', 'down')
    await flinkKeepsUpdating(page)
    await flinkKeepsUpdating(page)
    await expect(page.getByTestId('cluster-local').getByTestId('tile-flink')).toHaveAttribute('data-state', 'up')
    await problem.getByTestId('problem').click()
    await expect(page.getByTestId('page-connections')).toBeVisible()
  } finally {
    await fault({ fault: 'broker-pause', on: false })
  }
  await expect(page.getByTestId('nav-overview')).toBeVisible()
})
