import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { expect, type Locator, type Page } from '@playwright/test'
import { DEFAULT_RULES } from '../../src/main/alerts/default-rules'
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

/** How a local problem's Overview row is found: its kinds (any of them) and its subject ("job order-service"). */
export interface ProblemSpec {
  kinds: string[]
  subject: string
}

/**
 * The local profile's row of a problem. The secured built-in profiles share the broker and show the
 * same problems, so the row is picked by `data-profile`.
 */
export function localProblem(page: Page, spec: ProblemSpec): Locator {
  const one = (kind: string) => `li.problem[data-profile="local"][data-kind="${kind}"][data-subject="${spec.subject}"]`
  return page.locator(spec.kinds.map(one).join(', ')).first()
}

/** The alert a local problem pages with: one per profile, rule and subject (see alerts/alert-engine.ts). */
export function alertKey(kind: string, subject: string, profileId = 'local'): string {
  const rule = DEFAULT_RULES.find((r) => r.kinds.includes(kind))
  if (!rule) throw new Error(`no built-in alert rule for ${kind}`)
  return `${profileId}|${rule.id}|${subject}`
}

/** The notifications of one alert, by their tag (`<alert key>|fired` or `|resolved`). */
export async function notificationsOf(
  notifications: () => Promise<Captured[]>,
  key: string,
  type: 'fired' | 'resolved',
): Promise<Captured[]> {
  return (await notifications()).filter((n) => n.tag === `${key}|${type}`)
}

/**
 * Waits until no alert of the local profile is active on these subjects ("job order-service"): an
 * earlier fault's page on them has resolved, so the next fired one is this test's. Alerts on other
 * subjects may go on (a group's STALL outlives the checkpoint fault that caused it by minutes).
 */
export async function noLocalAlert(page: Page, subjects: string[]): Promise<void> {
  await expect(page.getByTestId('alerts')).toBeVisible({ timeout: 30_000 })
  const on = subjects.map((s) => `[data-testid="alert"][data-profile="local"][data-subject="${s}"]`).join(', ')
  await expect(page.locator(on)).toHaveCount(0, { timeout: 180_000 })
}

/**
 * Waits (up to 60 s after `since`) for a local problem's row, shown with a cause matching `cause`,
 * and for its alert's one notification; returns the row, what it is, and when it showed.
 */
export async function problemShows(
  page: Page,
  notifications: () => Promise<Captured[]>,
  name: string,
  spec: ProblemSpec,
  cause: RegExp,
  since: number,
  within = 60_000,
): Promise<{ row: Locator; kind: string; key: string; shownAfter: number }> {
  const row = localProblem(page, spec)
  await expect(row).toContainText(cause, { timeout: Math.max(1000, since + within - Date.now()) })
  const shownAfter = Date.now() - since
  const kind = (await row.getAttribute('data-kind')) ?? ''
  const key = alertKey(kind, spec.subject)
  await expect
    .poll(async () => (await notificationsOf(notifications, key, 'fired')).length, { timeout: 30_000 })
    .toBe(1)
  const fired = await notificationsOf(notifications, key, 'fired')
  expect(fired[0]?.title).toMatch(/^(CRITICAL|WARNING|INFO) · local$/)
  // The page carries the summary it fired with (a restart loop may fire before its cause is read).
  expect(fired[0]?.body).toContain(spec.subject.replace(/^\w+ /, ''))
  const summary = await row.locator('.problem-summary').innerText()
  console.log(`[oncall] ${name}: ${kind} of ${spec.subject} shown after ${shownAfter} ms: ${summary}`)
  return { row, kind, key, shownAfter }
}

/**
 * After the fault ended at `off`: the row leaves the Overview and the resolved notice arrives within
 * 90 s, and the alert fired exactly once over the whole fault. The Overview must be the open page.
 */
export async function problemResolves(
  page: Page,
  notifications: () => Promise<Captured[]>,
  name: string,
  shown: { row: Locator; key: string },
  off: number,
  within = 90_000,
): Promise<number> {
  await expect
    .poll(async () => (await notificationsOf(notifications, shown.key, 'resolved')).length, {
      timeout: Math.max(1000, off + within - Date.now()),
    })
    .toBe(1)
  const resolvedAfter = Date.now() - off
  await expect(shown.row).toHaveCount(0)
  expect(await notificationsOf(notifications, shown.key, 'fired')).toHaveLength(1)
  console.log(`[oncall] ${name}: resolved notice ${resolvedAfter} ms after the fault ended`)
  return resolvedAfter
}

export interface OrderHit {
  entityId: string
  timestamp: number
}

/** OrderCreated events of the live stack in the last `last` (`keytrail find`, as an engineer would). */
export function recentOrders(last = '5m'): OrderHit[] {
  const bin = path.resolve(import.meta.dirname, '../../bin/keytrail.js')
  const out = execFileSync(process.execPath, [bin, 'find', '--type', 'OrderCreated', '--last', last, '--json'], {
    env: { ...process.env, KEYTRAIL_CONFIG_DIR: process.env.KEYTRAIL_E2E_CONFIG_DIR },
    encoding: 'utf8',
    timeout: 60_000,
  })
  const { hits } = JSON.parse(out) as { hits: Array<{ entityId: string | null; topic: string; timestamp: number }> }
  return hits.flatMap((h) =>
    h.entityId && h.topic === 'orders' ? [{ entityId: h.entityId, timestamp: h.timestamp }] : [],
  )
}

/** `keytrail watch --list --json` against the e2e host's config: the watched orders as the host last checked them. */
export function watchList(): string {
  const bin = path.resolve(import.meta.dirname, '../../bin/keytrail.js')
  try {
    const config = process.env.KEYTRAIL_E2E_CONFIG_DIR ?? ''
    return execFileSync(process.execPath, [bin, 'watch', '--list', '--json'], {
      env: { ...process.env, KEYTRAIL_CONFIG_DIR: config, KEYTRAIL_STATE_DIR: path.join(config, 'state') },
      encoding: 'utf8',
      timeout: 30_000,
    }).trim()
  } catch (err) {
    return `(keytrail watch --list failed: ${String(err)})`
  }
}

/** Ctrl-K, the id, Enter: the palette's "Trace <id>" runs its trace; waits for the verdict of that id. */
export async function traceFromPalette(page: Page, entityId: string): Promise<Locator> {
  await page.keyboard.press('Control+k')
  const palette = page.getByTestId('palette')
  await expect(palette).toBeVisible()
  await palette.getByRole('combobox').fill(entityId)
  await expect(palette.getByRole('option').first()).toContainText(`Trace ${entityId}`)
  await page.keyboard.press('Enter')
  await expect(palette).toBeHidden()
  const trace = page.getByTestId('page-trace')
  await expect(trace.getByTestId('copy-link')).toHaveAttribute('data-href', `#/trace/${entityId}?profile=local`)
  const verdict = trace.getByTestId('trace-verdict')
  await expect(verdict).toBeVisible({ timeout: 60_000 })
  return verdict
}
