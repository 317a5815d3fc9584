import type { Answer, ProcStats, ServedHost } from './host'
import { fdGrowth, procStats } from './host'
import {
  PROFILE,
  answerMs,
  apiRound,
  cliFor,
  cliRound,
  judge,
  type CliProbe,
  type Component,
  type Judged,
  type Probe,
} from './probes'

export interface FaultCase {
  name: string
  component: Component
  /** Must the console show the component down (or its figures stale) before the fault ends? */
  shownDown: boolean
  on(): Promise<void>
  /** Ends the fault; for a killed process, returns once it answers again. */
  off(): Promise<void>
  /** Why it cannot run here (then it is skipped, saying so). */
  skip?: string
}

export interface Context {
  host: ServedHost
  api: Probe[]
  cli: CliProbe[]
  cliEnv: NodeJS.ProcessEnv
  holdMs: number
  /** The fault's number in the suite (rotates the CLI commands asked). */
  n: number
}

export interface FaultResult {
  name: string
  onAt: number
  offAt: number
  recoveredAt: number | null
  /** How long `off()` took (a restart). */
  offMs: number
  worstDuring: Answer | undefined
  worstAfter: Answer | undefined
  /** Per condition, seconds from the fault's end until it held again. */
  recovery: Record<string, number | null>
  shownDown: boolean
  violations: string[]
  stats: ProcStats
  answers: number
  /** The host's RSS after a forced full collection, just before the fault and once it recovered. */
  liveRssKb?: { before: number; after: number }
}

const ROUND_MS = 2500
const RECOVERY_LIMIT_MS = 30_000
/** How long recovery is followed to report how late it came when it misses the limit. */
const RECOVERY_WATCH_MS = 60_000

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)))

function worst(answers: Judged[]): Answer | undefined {
  return answers.map((j) => j.answer).sort((a, b) => answerMs(b) - answerMs(a))[0]
}

interface HealthView {
  profiles: Array<{
    id: string
    components: Record<'kafka' | 'flink' | 'lag', { state: string; observedAt: number | null }>
  }>
}

function componentOf(a: Answer, name: 'kafka' | 'flink' | 'lag') {
  return (a.value as HealthView | undefined)?.profiles.find((p) => p.id === PROFILE)?.components[name]
}

/** The recovery conditions, each read from what the console answers. */
async function recoveryProbe(
  host: ServedHost,
  offAt: number,
): Promise<{ met: Record<string, boolean>; answers: Judged[] }> {
  const [health, groups, history, checkpoints] = await Promise.all([
    host.call('health.status', { id: PROFILE }),
    host.call('lag.groups', { id: PROFILE }),
    host.call('lag.history', { id: PROFILE, group: 'order-service', rangeMs: 600_000 }),
    host.call('checkpoints.get', { id: PROFILE, job: 'order-service' }),
  ])
  const fresh = (c: { state: string; observedAt: number | null } | undefined) =>
    c?.state === 'up' && (c.observedAt ?? 0) > offAt
  const sampledAt = (groups.value as { sampledAt?: number } | undefined)?.sampledAt ?? 0
  const points = (history.value as { points?: Array<{ t: number }> } | undefined)?.points ?? []
  const cps = (checkpoints.value as { history?: Array<{ triggerTimestamp: number; status: string }> } | undefined)
    ?.history
  return {
    met: {
      kafka: fresh(componentOf(health, 'kafka')),
      flink: fresh(componentOf(health, 'flink')),
      'lag sampling': groups.ok && sampledAt > offAt,
      'lag history': points.some((p) => p.t > offAt),
      'checkpoint history': (cps ?? []).some((c) => c.status === 'COMPLETED' && c.triggerTimestamp > offAt),
    },
    answers: [health, groups, history, checkpoints].map((answer) => ({ answer, needs: 'none' as const })),
  }
}

/** Holds the fault for `holdMs`, asking the console everything in rounds; CLI commands run once, in parallel. */
async function holdFault(
  ctx: Context,
  fault: FaultCase,
  onAt: number,
): Promise<{ during: Judged[]; shownDown: boolean }> {
  const during: Judged[] = []
  const cli = cliRound(cliFor(ctx.cli, fault.component, ctx.n), ctx.cliEnv, 1).then((r) => during.push(...r))
  let shownDown = false
  for (let round = 0; Date.now() - onAt < ctx.holdMs; round++) {
    const started = Date.now()
    const answers = await apiRound(ctx.host, ctx.api, round === 0)
    during.push(...answers)
    if (fault.component !== 'state') {
      const health = answers.find((j) => j.answer.what === 'api health.status')?.answer
      const c = health && componentOf(health, fault.component)
      // Down, or its last good read older than the fault: the console does not pass old figures off as current.
      if (c && (c.state === 'down' || (c.observedAt ?? 0) < onAt)) shownDown = true
    }
    await sleep(Math.min(ROUND_MS - (Date.now() - started), ctx.holdMs - (Date.now() - onAt)))
  }
  await cli
  return { during, shownDown }
}

/** Follows recovery after the fault: answers in rounds (heavy ones once) and the recovery conditions each second. */
async function followRecovery(ctx: Context, offAt: number) {
  const after: Judged[] = []
  const recovery: Record<string, number | null> = {}
  let recoveredAt: number | null = null
  let round = 0
  let lastRound = 0
  while (Date.now() - offAt < RECOVERY_WATCH_MS) {
    const started = Date.now()
    const probe = recoveryProbe(ctx.host, offAt)
    const rounds = started - lastRound >= ROUND_MS ? apiRound(ctx.host, ctx.api, round++ === 0) : Promise.resolve([])
    if (started - lastRound >= ROUND_MS) lastRound = started
    const [{ met, answers }, roundAnswers] = await Promise.all([probe, rounds])
    after.push(...answers, ...roundAnswers)
    for (const [k, ok] of Object.entries(met)) if (ok && recovery[k] == null) recovery[k] = (Date.now() - offAt) / 1000
    for (const k of Object.keys(met)) recovery[k] ??= null
    if (Object.values(met).every(Boolean)) {
      recoveredAt = Date.now()
      break
    }
    await sleep(1000 - (Date.now() - started))
  }
  return { after, recovery, recoveredAt }
}

export async function runFault(ctx: Context, fault: FaultCase): Promise<FaultResult> {
  await fault.on()
  const onAt = Date.now()
  let held: { during: Judged[]; shownDown: boolean }
  let offMs = 0
  try {
    held = await holdFault(ctx, fault, onAt)
  } finally {
    const t = Date.now()
    await fault.off()
    offMs = Date.now() - t
  }
  const offAt = Date.now()
  const { after, recovery, recoveredAt } = await followRecovery(ctx, offAt)
  const violations = [
    ...held.during.map((j) => judge(j, fault.component, true)),
    ...after.map((j) => judge(j, fault.component, false)),
  ].filter((v): v is string => v !== undefined)
  if (fault.shownDown && !held.shownDown)
    violations.push(`${fault.component} never showed as down or stale in health.status during the fault`)
  if (recoveredAt === null || recoveredAt - offAt > RECOVERY_LIMIT_MS) {
    const late = Object.entries(recovery)
      .filter(([, s]) => s === null || s > RECOVERY_LIMIT_MS / 1000)
      .map(([k, s]) => `${k} ${s === null ? `not within ${RECOVERY_WATCH_MS / 1000} s` : `after ${s.toFixed(1)} s`}`)
    violations.push(`no recovery within ${RECOVERY_LIMIT_MS / 1000} s of the fault's end: ${late.join(', ')}`)
  }
  if (!ctx.host.alive) violations.push('keytrail serve exited')
  return {
    name: fault.name,
    onAt,
    offAt,
    recoveredAt,
    offMs,
    worstDuring: worst(held.during),
    worstAfter: worst(after),
    recovery,
    shownDown: held.shownDown,
    violations,
    stats: procStats(ctx.host.pid),
    answers: held.during.length + after.length,
  }
}

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`

/** The one summary line of a fault. */
function liveRss(r: FaultResult): string {
  if (!r.liveRssKb) return `rss ${Math.round(r.stats.rssKb / 1024)} MiB`
  const { before, after } = r.liveRssKb
  const pct = Math.round((after / before - 1) * 100)
  return `rss after a full collection ${Math.round(before / 1024)} → ${Math.round(after / 1024)} MiB (${pct >= 0 ? '+' : ''}${pct} %)`
}

export function summaryLine(r: FaultResult, base: ProcStats): string {
  const w = r.worstDuring
  const startup = w?.startupMs ? ` +${s(w.startupMs)} CLI start` : ''
  const worstText = w ? `${s(answerMs(w))}${startup} (${w.what} ${w.ok ? 'ok' : w.code})` : 'no answer'
  const rec = r.recoveredAt === null ? 'NOT RECOVERED in 60 s' : s(r.recoveredAt - r.offAt)
  const slowest = Object.entries(r.recovery).sort((a, b) => (b[1] ?? 1e9) - (a[1] ?? 1e9))[0]
  const restart = r.offMs > 1000 ? `, restart ${s(r.offMs)}` : ''
  return (
    `fault ${r.name.padEnd(22)} worst answer ${worstText.padEnd(38)} recovery ${rec}` +
    `${slowest ? ` (last: ${slowest[0]})` : ''}${restart}; ${r.answers} answers, ` +
    `fds ${r.stats.fds - base.fds >= 0 ? '+' : ''}${r.stats.fds - base.fds} (${fdGrowth(base, r.stats)}), ` +
    `${liveRss(r)}; ${r.violations.length ? `${r.violations.length} VIOLATIONS` : 'ok'}`
  )
}
