// bench/health, part 2: from a cause observable in Flink's own REST API to its row on the Overview.
// Flink is polled every 250 ms, independently of Keytrail, for the condition the detector names;
// the Overview is watched in Chromium for the problem's row of each profile.
import type { Page } from 'playwright-core'
import { setFault } from '../../src/main/stack/faults'
import type { FaultRequest } from '../../src/main/stack/faults'
import type { StackOptions } from '../../src/main/stack/stack-config'

interface JobOverview {
  jobs: Array<{ jid: string; name: string; state: string }>
}
interface CheckpointHistory {
  history: Array<{ status: string; trigger_timestamp: number }>
}
interface Exceptions {
  exceptionHistory?: { entries: Array<{ timestamp: number }> }
}

export interface FaultCase {
  name: string
  on: FaultRequest
  kind: string
  /** Whether Flink's REST shows the cause, for faults turned on at `since`. */
  observable(flink: string, since: number): Promise<boolean>
}

async function get<T>(url: string): Promise<T> {
  const res = await fetch(url, { signal: AbortSignal.timeout(2_000) })
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`)
  return (await res.json()) as T
}

const running = async (flink: string) =>
  (await get<JobOverview>(`${flink}/jobs/overview`)).jobs.filter(
    (j) => j.state !== 'CANCELED' && j.state !== 'FINISHED',
  )

export const FAULT_CASES: FaultCase[] = [
  {
    name: 'failing-checkpoints',
    on: { fault: 'failing-checkpoints', on: true },
    kind: 'checkpoint-consecutive-failures',
    // The detector's condition: a job's last 3 finished checkpoints failed.
    async observable(flink, since) {
      for (const job of await running(flink)) {
        const h = await get<CheckpointHistory>(`${flink}/jobs/${job.jid}/checkpoints`)
        const done = h.history.filter((c) => c.status !== 'IN_PROGRESS').slice(0, 3)
        if (done.length === 3 && done.every((c) => c.status === 'FAILED' && c.trigger_timestamp >= since)) return true
      }
      return false
    },
  },
  {
    name: 'poison',
    on: { fault: 'poison', on: true },
    kind: 'job-restarting',
    // The job restarts: RESTARTING in the overview, or a failure recorded since the fault began.
    async observable(flink, since) {
      const job = (await running(flink)).find((j) => j.name === 'order-service')
      if (!job) return false
      if (job.state === 'RESTARTING') return true
      const ex = await get<Exceptions>(`${flink}/jobs/${job.jid}/exceptions`)
      return (ex.exceptionHistory?.entries ?? []).some((e) => e.timestamp >= since)
    },
  },
]

const rowOf = (profileId: string, kind: string) => `li.problem[data-profile="${profileId}"][data-kind="${kind}"]`

async function until<T>(what: string, ms: number, probe: () => Promise<T | undefined | false>): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = await probe().catch(() => undefined)
    if (v) return v
    if (Date.now() > end) throw new Error(`timed out after ${ms / 1000} s waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 250))
  }
}

/** One trial: the fault on, the moment Flink shows it, the moment each profile's row appears; then off and clear. */
export async function trial(
  page: Page,
  stack: StackOptions,
  c: FaultCase,
  profiles: string[],
): Promise<{ observableAfterMs: number; perProfileMs: number[] }> {
  const flink = `http://127.0.0.1:${stack.flinkPort}`
  // Info rows (a restart in the last hour) may stay; nothing warning or worse may.
  const loud = 'li.problem[data-severity="critical"], li.problem[data-severity="warning"]'
  await until('no warning or critical row', 180_000, async () => (await page.locator(loud).count()) === 0)
  const on = Date.now()
  await setFault(stack, c.on)
  const shown = new Map<string, number>()
  // Rows are watched from the start: a row before the poll sees the cause counts as 0 ms.
  const watchRows = Promise.all(
    profiles.map(async (id) => {
      await page.locator(rowOf(id, c.kind)).first().waitFor({ timeout: 120_000 })
      shown.set(id, Date.now())
    }),
  )
  try {
    const observed = await until(`${c.name} in Flink's REST API`, 120_000, async () =>
      (await c.observable(flink, on)) ? Date.now() : undefined,
    )
    await watchRows
    return {
      observableAfterMs: observed - on,
      perProfileMs: profiles.map((id) => Math.max(0, shown.get(id)! - observed)),
    }
  } finally {
    await setFault(stack, { ...c.on, on: false })
    await until(
      `${c.name}'s rows to clear`,
      180_000,
      async () => (await page.locator(rowOf('local', c.kind)).count()) === 0,
    )
  }
}
