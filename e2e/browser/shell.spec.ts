import { expect, test } from '@playwright/test'
import { ShellPage } from '../support/shell-page'

const url = (): string => {
  const u = process.env.KEYTRAIL_E2E_URL
  if (!u) throw new Error('KEYTRAIL_E2E_URL not set: global setup did not run')
  return u
}

test.describe('shell in browser mode', () => {
  test('opens from the printed URL and shows every section', async ({ page }) => {
    const shell = new ShellPage(page)
    await page.goto(url())
    await shell.ready()
    expect(new URL(page.url()).searchParams.get('token')).toBeNull()
    await expect(page.getByTestId('profile-switcher')).toHaveValue('local')
    await expect(shell.envBadge()).toHaveText('local')
    for (const route of ['trace', 'lag', 'jobs', 'connections', 'overview'] as const) await shell.go(route)
    await expect(page.getByTestId('status-bar')).toContainText('Browser · open')
    await expect(page.getByTestId('status-kafka')).not.toContainText('…')
  })

  test('switches themes and saves light and dark screenshots', async ({ page }, testInfo) => {
    const shell = new ShellPage(page)
    await page.goto(url())
    await shell.ready()
    await expect(page.getByTestId('status-freshness')).toContainText('checked')
    for (const theme of ['light', 'dark'] as const) {
      await shell.theme(theme)
      const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor)
      expect(background).toBe(theme === 'light' ? 'rgb(246, 247, 249)' : 'rgb(11, 17, 32)')
      const file = testInfo.outputPath(`shell-${theme}.png`)
      await page.screenshot({ path: file, fullPage: true })
      await testInfo.attach(`shell-${theme}`, { path: file, contentType: 'image/png' })
    }
    await page.reload()
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
  })

  test('adds a profile, switches to it, and shows its environment colour', async ({ page }, testInfo) => {
    const shell = new ShellPage(page)
    await page.goto(url())
    await shell.ready()
    const form = await shell.newProfileForm()
    await form.locator('input[name=id]').fill('prod-eu')
    await form.locator('input[name=name]').fill('Production EU')
    await form.locator('select[name=environment]').selectOption('prod')
    await form.locator('input[name=brokers]').fill('127.0.0.1:1')
    await page.getByTestId('profile-save').click()
    await expect(page.getByTestId('profile-prod-eu')).toBeVisible()
    await page.getByTestId('profile-switcher').selectOption('prod-eu')
    await expect(shell.envBadge()).toHaveText('prod')
    await expect(page.getByTestId('readonly-pill')).toHaveText('read-only')
    const stripe = await page.locator('.env-stripe').evaluate((el) => getComputedStyle(el).backgroundColor)
    expect(stripe).toBe('rgb(220, 38, 38)')
    await page.getByTestId('profile-prod-eu').getByTestId('profile-test').click()
    await expect(page.getByTestId('profile-prod-eu').getByTestId('report-kafka')).toHaveAttribute('data-state', 'bad')
    await expect(page.getByTestId('profile-prod-eu').getByTestId('report-kafka')).toContainText('ECONNREFUSED')
    const file = testInfo.outputPath('connections.png')
    await page.screenshot({ path: file, fullPage: true })
    await testInfo.attach('connections', { path: file, contentType: 'image/png' })
    await page.getByTestId('profile-switcher').selectOption('local')
    await expect(shell.envBadge()).toHaveText('local')
  })

  test('refuses invalid profile input with a visible error and keeps the form', async ({ page }) => {
    const shell = new ShellPage(page)
    await page.goto(url())
    await shell.ready()
    const form = await shell.newProfileForm()
    await form.locator('input[name=id]').fill('bad')
    await form.locator('input[name=brokers]').fill('no-port-here')
    await page.getByTestId('profile-save').click()
    await expect(page.getByTestId('toast-error')).toContainText('Invalid input')
    await expect(form).toBeVisible()
  })
})
