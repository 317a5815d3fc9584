import { expect, type Page } from '@playwright/test'

/** Page object of the shell: shared by the browser and Electron projects. */
export class ShellPage {
  constructor(readonly page: Page) {}

  async ready(): Promise<void> {
    await expect(this.page.getByTestId('shell')).toHaveAttribute('data-ready', 'true')
  }

  async go(route: 'overview' | 'trace' | 'lag' | 'jobs' | 'connections'): Promise<void> {
    await this.page.getByTestId(`nav-${route}`).click()
    await expect(this.page.getByTestId(`page-${route}`)).toBeVisible()
  }

  async theme(choice: 'light' | 'dark'): Promise<void> {
    await this.page.getByTestId(`theme-${choice}`).click()
    await expect(this.page.locator('html')).toHaveAttribute('data-theme', choice)
  }

  envBadge() {
    return this.page.getByTestId('topbar').getByTestId('env-badge')
  }
}
