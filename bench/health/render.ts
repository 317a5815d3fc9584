// bench/health, part 3: the Overview drawing 500 problems.
// The host's real `health.overview` stream is passed through Playwright's WebSocket route; one of
// its reports is given 500 problems (valid against the contract, so the renderer's own checks run)
// and the page times that message from its arrival to the frame painted with the report drawn (the
// worst rows and the offer of the rest); then the click on "Show all" to all 500 rows painted.
import type { Page, WebSocketRoute } from 'playwright-core'
import { FIRST_ROWS } from '../../src/renderer/src/components/overview/first-rows'
import type { HealthReport, Problem } from '../../src/shared/contract/health'

export const MARK = 'bench-500-'
const severities = ['critical', 'warning', 'info'] as const
const kinds = ['lag-verdict', 'checkpoint-slow', 'job-restarting', 'lag-seconds', 'under-replicated']

export function fiveHundredProblems(profileId: string, now: number, round: number): Problem[] {
  return Array.from({ length: 500 }, (_, i) => {
    const kind = kinds[i % kinds.length]!
    const name = `${MARK}${round}-${String(i).padStart(3, '0')}`
    return {
      key: `${kind}:group:${name}`,
      severity: severities[i % 3]!,
      kind,
      subject: { type: 'group', name },
      since: now - (i + 1) * 7_000,
      summary: `${name}: lag 12,345 records (31.2 s) and growing at every sample of the last 10 min`,
      evidence: { lag: 12_345 + i, seconds: 31.2 },
      observedAt: now - 2_000,
      stale: i % 50 === 0,
      link: `#/lag/${encodeURIComponent(name)}?profile=${profileId}`,
    }
  })
}

/**
 * Routes the page's WebSocket through this process; `arm()` makes the next `health.overview`
 * report carry 500 problems (on its first profile).
 */
export async function routeOverview(page: Page): Promise<{ arm(round: number): void }> {
  let armed: number | null = null
  const overviewIds = new Set<number>()
  await page.routeWebSocket(/.*/, (ws: WebSocketRoute) => {
    const server = ws.connectToServer()
    ws.onMessage((m) => {
      if (typeof m === 'string') {
        const msg = JSON.parse(m) as { t: string; id: number; method?: string }
        if (msg.t === 'sub' && msg.method === 'health.overview') overviewIds.add(msg.id)
      }
      server.send(m)
    })
    server.onMessage((m) => {
      if (typeof m !== 'string' || armed === null) return ws.send(m)
      const msg = JSON.parse(m) as { t: string; id: number; data?: HealthReport }
      if (msg.t !== 'event' || !overviewIds.has(msg.id) || !msg.data?.profiles[0]) return ws.send(m)
      msg.data.profiles[0].problems = fiveHundredProblems(msg.data.profiles[0].id, msg.data.checkedAt, armed)
      armed = null
      ws.send(JSON.stringify(msg))
    })
  })
  // Stamps the arrival of the marked message before the app's own handler sees it.
  await page.addInitScript((mark) => {
    const Native = window.WebSocket
    window.WebSocket = class extends Native {
      constructor(...args: ConstructorParameters<typeof WebSocket>) {
        super(...args)
        this.addEventListener('message', (e: MessageEvent) => {
          if (typeof e.data === 'string' && e.data.includes(mark))
            (window as unknown as { __benchArrived: number }).__benchArrived = performance.now()
        })
      }
    }
  }, MARK)
  return { arm: (round) => (armed = round) }
}

/**
 * From the marked message's arrival to the first frame painted with the report drawn: its first
 * rows (the Overview draws the worst FIRST_ROWS, and offers the rest) and the "Show all 500" offer.
 */
export function timeTo500Rows(page: Page, round: number): Promise<number> {
  return page.evaluate(
    ({ mark, round, first }) =>
      new Promise<number>((resolve, reject) => {
        const w = window as unknown as { __benchArrived?: number }
        w.__benchArrived = undefined
        const timer = setTimeout(() => reject(new Error('no 500-problem render within 30 s')), 30_000)
        const done = () =>
          // The first rows are the worst of all problems: the host's real ones may take some of them.
          document.querySelectorAll('[data-testid="problem"]').length >= first &&
          document.querySelector(`[data-testid="problem"][href*="${mark}${round}-"]`) !== null &&
          /Show all \d+ problems/.test(document.querySelector('[data-testid="problems-more"]')?.textContent ?? '') &&
          w.__benchArrived !== undefined
        const finish = () => {
          observer.disconnect()
          clearTimeout(timer)
          // The frame after the one that lays the rows out: they are painted.
          requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - w.__benchArrived!), 0))
        }
        const observer = new MutationObserver(() => done() && finish())
        observer.observe(document.body, { childList: true, subtree: true })
      }),
    { mark: MARK, round, first: FIRST_ROWS },
  )
}

/** The engineer asks for all 500: from the click to the frame painted with every row. */
export function timeShowAll(page: Page, round: number): Promise<number> {
  return page.evaluate(
    ({ mark, round }) =>
      new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no 500 rows within 30 s of Show all')), 30_000)
        const t0 = performance.now()
        const finish = () => {
          observer.disconnect()
          clearTimeout(timer)
          requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0), 0))
        }
        const observer = new MutationObserver(
          () =>
            document.querySelectorAll(`[data-testid="problem"][href*="${mark}${round}-"]`).length >= 500 && finish(),
        )
        observer.observe(document.body, { childList: true, subtree: true })
        ;(document.querySelector('[data-testid="problems-more"]') as HTMLButtonElement | null)?.click()
      }),
    { mark: MARK, round },
  )
}
