import { runCli, type Answer, type ServedHost } from './host'

/** The component a fault takes away. */
export type Component = 'kafka' | 'flink' | 'state'

/**
 * What a probe needs to give a full answer. During a fault of another component it must answer
 * (components fail independently); `none` answers whatever fails (from memory or the local disk),
 * except that a local-disk read may say UNAVAILABLE while the state directory is the fault.
 */
export type Needs = Component | 'none'

export interface Probe {
  method: string
  input: Record<string, unknown>
  needs: Needs
  /** A subscription that ends by itself (trace.run). */
  sub?: boolean
  /** Heavy reads (a scan of the topics) run once per phase, not every round. */
  heavy?: boolean
}

export const PROFILE = 'faulty'

export function apiProbes(orderId: string): Probe[] {
  const id = PROFILE
  return [
    { method: 'app.info', input: {}, needs: 'none' },
    { method: 'profiles.list', input: {}, needs: 'none' },
    { method: 'alerts.list', input: {}, needs: 'none' },
    { method: 'timeline.get', input: { id }, needs: 'none' },
    { method: 'watch.list', input: { id }, needs: 'none' },
    { method: 'watch.set', input: { id, entityId: 'ord-fault-probe', on: false }, needs: 'state' },
    { method: 'health.status', input: { id }, needs: 'none' },
    { method: 'profiles.test', input: { id }, needs: 'none' },
    { method: 'flink.cluster', input: { id }, needs: 'flink' },
    { method: 'jobs.detail', input: { id, job: 'order-service' }, needs: 'flink' },
    { method: 'checkpoints.get', input: { id, job: 'order-service' }, needs: 'flink' },
    { method: 'lag.groups', input: { id }, needs: 'kafka' },
    { method: 'lag.describe', input: { id }, needs: 'kafka' },
    { method: 'lag.group', input: { id, group: 'order-service' }, needs: 'kafka' },
    { method: 'lag.history', input: { id, group: 'order-service', rangeMs: 600_000 }, needs: 'none' },
    { method: 'trace.find', input: { id, type: 'OrderCreated', last: '1m', limit: 5 }, needs: 'kafka', heavy: true },
    { method: 'trace.run', input: { id, entityId: orderId }, needs: 'kafka', sub: true, heavy: true },
  ]
}

export interface CliProbe {
  args: string[]
  needs: Needs
  okExits: number[]
}

export function cliProbes(orderId: string): CliProbe[] {
  const p = ['--profile', PROFILE]
  return [
    { args: ['jobs', ...p, '--json'], needs: 'flink', okExits: [0] },
    { args: ['checkpoints', 'order-service', ...p, '--json'], needs: 'flink', okExits: [0, 3] },
    // lag: 3 when a group is STOP, STALL or REWIND (the stack's idle test groups are): an answer.
    { args: ['lag', ...p, '--json'], needs: 'kafka', okExits: [0, 3] },
    // status: 0 all clear, 1 warnings, 2 critical, 3 a component unreachable — all answers.
    { args: ['status', ...p, '--json'], needs: 'none', okExits: [0, 1, 2, 3] },
    { args: ['alerts', '--json'], needs: 'none', okExits: [0] },
    { args: ['trace', orderId, ...p, '--json'], needs: 'kafka', okExits: [0, 1] },
  ]
}

/**
 * The CLI commands asked during fault number `n` (each is a Node process, and the machine is
 * shared): one that needs the faulty component, one that needs the other, and `status`, rotating
 * so that across the suite every command meets faults of both components. The baseline runs all.
 */
export function cliFor(all: CliProbe[], fault: Component, n: number): CliProbe[] {
  const other: Component = fault === 'kafka' ? 'flink' : 'kafka'
  const pick = (needs: Needs[]) => {
    const c = all.filter((p) => needs.includes(p.needs) && p.args[0] !== 'status')
    return c.length ? [c[n % c.length] as CliProbe] : []
  }
  const status = all.filter((p) => p.args[0] === 'status')
  if (fault === 'state') return [...pick(['none']), ...pick(['kafka', 'flink']), ...status]
  return [...pick([fault]), ...pick([other, 'none']), ...status]
}

export interface Judged {
  answer: Answer
  needs: Needs
}

/** One round of API calls in parallel (heavy ones only when asked). */
export async function apiRound(host: ServedHost, probes: Probe[], heavy: boolean): Promise<Judged[]> {
  const chosen = probes.filter((p) => heavy || !p.heavy)
  return Promise.all(
    chosen.map(async (p) => ({
      needs: p.needs,
      answer: await (p.sub ? host.subscribeToEnd(p.method, p.input) : host.call(p.method, p.input)),
    })),
  )
}

/**
 * Every CLI probe, at most `parallel` at once (each is a Node process on a shared machine), each
 * beside a `keytrail version` started with it: its time is what starting the CLI costs right then.
 */
export async function cliRound(probes: CliProbe[], env: NodeJS.ProcessEnv, parallel = 3): Promise<Judged[]> {
  const out: Judged[] = []
  const queue = [...probes]
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      for (let p = queue.shift(); p; p = queue.shift()) {
        const [answer, startup] = await Promise.all([runCli(p.args, env, p.okExits), runCli(['version'], env)])
        out.push({ needs: p.needs, answer: { ...answer, startupMs: startup.ms } })
      }
    }),
  )
  return out
}

export const ANSWER_LIMIT_MS = 10_000

/** The answer's time, less what starting the CLI cost at that moment (a CLI command's own start is not waiting). */
export function answerMs(a: Answer): number {
  if (a.silenceMs !== undefined) return a.silenceMs
  return Math.max(0, a.ms - (a.startupMs ?? 0))
}
const NAMES_COMPONENT = /kafka|broker|flink|jobmanager|state|disk|space|directory|read-only|file/i

/**
 * What is wrong with an answer given while `fault` lasts or recovers (`during`): later than 10 s,
 * no answer, INTERNAL or any code but UNAVAILABLE, an UNAVAILABLE that names no component, or a
 * failure of something that does not need the faulty component.
 */
export function judge(j: Judged, fault: Component, during: boolean): string | undefined {
  const a = j.answer
  const startup = a.startupMs ? ` (starting the CLI took ${(a.startupMs / 1000).toFixed(1)} s)` : ''
  const label = `${a.what}: ${a.ok ? 'ok' : `${a.code}${a.message ? ` (${a.message.slice(0, 160)})` : ''}`} after ${(a.ms / 1000).toFixed(1)} s${startup}`
  if (answerMs(a) > ANSWER_LIMIT_MS) return `${label}: later than ${ANSWER_LIMIT_MS / 1000} s`
  if (a.ok) return undefined
  // A JobManager restarted without HA has no jobs until they are submitted again: saying so is the truth.
  const jobGone =
    fault === 'flink' && j.needs === 'flink' && a.code === 'NOT_FOUND' && /^No Flink job /.test(a.message ?? '')
  if (a.code !== 'UNAVAILABLE' && !jobGone) return `${label}: only UNAVAILABLE may fail an answer`
  if (!NAMES_COMPONENT.test(a.message ?? '')) return `${label}: UNAVAILABLE without naming the component`
  const independent = j.needs !== fault && (j.needs !== 'none' || fault !== 'state')
  if (during && independent) return `${label}: does not need ${fault}, yet failed while ${fault} was faulty`
  return undefined
}
