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

  /** Opens the Connections page's form for a new profile and returns it. */
  async newProfileForm() {
    await this.go('connections')
    await this.page.getByTestId('profile-add').click()
    return this.page.getByTestId('profile-form')
  }

  envBadge() {
    return this.page.getByTestId('topbar').getByTestId('env-badge')
  }
}
