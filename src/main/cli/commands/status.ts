import { parseArgs } from 'node:util'
import type { HealthReport, ProfileHealth } from '../../../shared/contract'
import { cliRouter, invoke } from '../context'
import { UsageError, printJson, type CliIo } from '../io'

export const STATUS_USAGE = `Usage:
  keytrail status [--profile P | --all] [--json]
  What is wrong now: every problem of the active profile (or of P, or of every profile with --all),
  most severe first, with since when, its evidence and how fresh that is.
  Exit code (the monitoring-plugin convention): 0 all clear, 1 warnings, 2 critical,
  3 cannot tell (a configured component is unreachable).`

const options = {
  profile: { type: 'string' },
  all: { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const

const utc = (t: number) => new Date(t).toISOString().replace('T', ' ').slice(0, 19)

/** 3 when a configured component could not be read, else the worst problem's severity. */
export function statusExitCode(report: HealthReport): number {
  const profiles = report.profiles
  if (profiles.some((p) => Object.values(p.components).some((c) => c.configured && c.state === 'down'))) return 3
  const problems = profiles.flatMap((p) => p.problems)
  if (problems.some((p) => p.severity === 'critical')) return 2
  if (problems.some((p) => p.severity === 'warning')) return 1
  return 0
}

function print(io: CliIo, p: ProfileHealth): void {
  const tag = `${p.name} [${p.environment}]`
  if (p.problems.length === 0) {
    io.out(`${tag}: all clear, checked ${utc(p.checkedAt)} UTC`)
    return
  }
  io.out(`${tag}: ${p.problems.length} problem(s), checked ${utc(p.checkedAt)} UTC`)
  for (const pr of p.problems) {
    const stale = pr.stale ? ` (stale: observed ${utc(pr.observedAt)} UTC)` : ''
    const since = pr.summary.includes(' since ') ? '' : `  since ${utc(pr.since)} UTC`
    io.out(`  ${pr.severity.toUpperCase().padEnd(8)} ${pr.summary}${since}${stale}  ${pr.link}`)
  }
}

export async function statusCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, strict: true, allowPositionals: true, options })
  if (values.help) {
    io.out(STATUS_USAGE)
    return 0
  }
  if (positionals.length) throw new UsageError('status takes no arguments; use --profile P or --all')
  if (values.all && values.profile) throw new UsageError('--profile and --all exclude each other')
  const router = cliRouter(io.env, 'cli')
  try {
    const id = values.all ? undefined : (values.profile ?? (await invoke(router, 'profiles.list', {})).activeId)
    const report = await invoke(router, 'health.status', id ? { id } : {})
    if (id && report.profiles.length === 0) throw new UsageError(`No profile "${id}"`)
    if (values.json) {
      printJson(io, {
        checkedAt: report.checkedAt,
        profiles: report.profiles.map((p) => ({
          id: p.id,
          environment: p.environment,
          components: p.components,
          problems: p.problems.map((pr) => ({
            severity: pr.severity,
            kind: pr.kind,
            subject: pr.subject,
            since: pr.since,
            summary: pr.summary,
            evidence: pr.evidence,
            link: pr.link,
            observedAt: pr.observedAt,
            stale: pr.stale,
          })),
        })),
      })
    } else for (const p of report.profiles) print(io, p)
    return statusExitCode(report)
  } finally {
    await router.close()
  }
}
