import { parseArgs } from 'node:util'
import { cliRouter, invoke } from '../context'
import { UsageError, printJson, type CliIo } from '../io'

export const ALERTS_USAGE = `Usage:
  keytrail alerts [--limit N] [--json]
  Active alerts (firing, acknowledged, snoozed) and the last day's alert events, as recorded by the
  desktop app or \`keytrail serve\` (they evaluate the alert rules in the background).`

const options = { limit: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const

const utc = (t: number) => new Date(t).toISOString().replace('T', ' ').slice(0, 19)

export async function alertsCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, strict: true, allowPositionals: true, options })
  if (values.help) {
    io.out(ALERTS_USAGE)
    return 0
  }
  if (positionals.length) throw new UsageError('alerts takes no arguments')
  const limit = values.limit === undefined ? 100 : Number(values.limit)
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
    throw new UsageError('--limit takes a whole number from 1 to 1000')
  const router = cliRouter(io.env, 'cli')
  try {
    const view = await invoke(router, 'alerts.list', { limit })
    if (values.json) {
      printJson(io, { active: view.active, recent: view.recent })
      return 0
    }
    io.out(view.active.length ? `${view.active.length} active alert(s):` : 'No active alerts.')
    for (const a of view.active) {
      io.out(
        `  ${a.state.padEnd(12)} [${a.profileId}] ${a.problem.severity} ${a.problem.summary}  fired ${utc(a.firedAt)} UTC`,
      )
    }
    if (view.recent.length) io.out('Last 24 h:')
    for (const e of view.recent) io.out(`  ${utc(e.at)} UTC  ${e.type.padEnd(12)} [${e.profileId}] ${e.summary}`)
    return 0
  } finally {
    await router.close()
  }
}
