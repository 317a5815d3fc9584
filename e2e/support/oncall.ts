import { expect, type Page } from '@playwright/test'
import { setFault, type FaultRequest } from '../../src/main/stack/faults'
import { defaultStackOptions } from '../../src/main/stack/stack-config'
import { loadStackOptions } from '../../src/main/stack/stack-manager'

/** Sets a fault switch of the stack the host watches (KEYTRAIL_STACK_DIR or the default). */
export async function fault(req: FaultRequest): Promise<string> {
  const defaults = defaultStackOptions()
  return setFault(loadStackOptions(defaults.dir) ?? defaults, req)
}

export interface Captured {
  title: string
  body: string
  tag: string
}

/**
 * Records every `new Notification(…)` of the page (the browser shows nothing headless) while
 * keeping the real permission, which the test grants in the context.
 */
export async function captureNotifications(page: Page): Promise<() => Promise<Captured[]>> {
  await page.addInitScript(() => {
    const seen: Array<{ title: string; body: string; tag: string }> = []
    const Real = window.Notification
    function Fake(this: { close(): void; onclick: unknown }, title: string, opts?: NotificationOptions) {
      seen.push({ title, body: opts?.body ?? '', tag: opts?.tag ?? '' })
      this.close = () => undefined
      this.onclick = null
    }
    Object.defineProperty(Fake, 'permission', { get: () => Real.permission })
    Object.assign(Fake, { requestPermission: () => Real.requestPermission() })
    Object.assign(window, { Notification: Fake, __notifications: seen })
  })
  return () => page.evaluate(() => (window as unknown as { __notifications: Captured[] }).__notifications)
}

/** The Flink tile's last read time: it moves on while Flink answers. */
export async function flinkReadAt(page: Page): Promise<number> {
  const at = await page.getByTestId('cluster-local').getByTestId('tile-flink').getAttribute('data-observed-at')
  return Number(at ?? 0)
}

export async function flinkKeepsUpdating(page: Page): Promise<void> {
  const before = await flinkReadAt(page)
  await expect.poll(() => flinkReadAt(page), { timeout: 40_000 }).toBeGreaterThan(before)
}
