import path from 'node:path'
import { _electron as electron, expect, test } from '@playwright/test'
import { findElectronBinary } from '../../scripts/electron-binary.mjs'
import { ShellPage } from '../support/shell-page'

const binary = findElectronBinary()
if (!binary.path) console.log(`[electron project] skipped: ${binary.reason}`)

test.describe('desktop app', () => {
  test.skip(!binary.path, binary.reason ?? '')

  test('opens the shell over IPC with a sandboxed renderer', async ({}, testInfo) => {
    const app = await electron.launch({
      executablePath: binary.path,
      args: [path.resolve(import.meta.dirname, '../..')],
      env: { ...process.env, KEYTRAIL_CONFIG_DIR: testInfo.outputPath('config') },
    })
    const page = await app.firstWindow()
    const shell = new ShellPage(page)
    await shell.ready()
    await expect(page.getByTestId('status-bar')).toContainText('Desktop')
    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined')
    expect(await page.evaluate(() => Object.keys((window as unknown as { keytrail: object }).keytrail).sort())).toEqual(
      ['invoke', 'subscribe'],
    )
    for (const theme of ['light', 'dark'] as const) {
      await shell.theme(theme)
      await page.screenshot({ path: testInfo.outputPath(`electron-${theme}.png`) })
    }
    await app.close()
  })
})
