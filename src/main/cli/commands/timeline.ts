import { parseArgs } from 'node:util'
import { timelineMarkdown } from '../../../shared/timeline-markdown'
import { parseDuration } from '../../trace/time-spec'
import { cliRouter, invoke } from '../context'
import { UsageError, printJson, type CliIo } from '../io'

export const TIMELINE_USAGE = `Usage:
  keytrail timeline [--profile P] [--subject S] [--last 24h] [--json | --markdown]
  The incident timeline: problems that appeared, changed severity or cleared, and alert events,
  oldest first, in UTC (recorded by the desktop app or \`keytrail serve\`). --markdown prints a table
  for the incident document, with keytrail:// links to each view.`

const options = {
  profile: { type: 'string' },
  subject: { type: 'string' },
  last: { type: 'string' },
  json: { type: 'boolean' },
  markdown: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const

const utc = (t: number) => new Date(t).toISOString().replace('T', ' ').slice(0, 19)

export async function timelineCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, strict: true, allowPositionals: true, options })
  if (values.help) {
    io.out(TIMELINE_USAGE)
    return 0
  }
  if (positionals.length) throw new UsageError('timeline takes no arguments')
  if (values.json && values.markdown) throw new UsageError('--json and --markdown exclude each other')
  const rangeMs = values.last === undefined ? 86_400_000 : parseDuration(values.last)
  const router = cliRouter(io.env, 'cli')
  try {
    const t = await invoke(router, 'timeline.get', {
      rangeMs,
      ...(values.profile ? { id: values.profile } : {}),
      ...(values.subject ? { subject: values.subject } : {}),
    })
    if (values.json) printJson(io, t)
    else if (values.markdown) io.out(timelineMarkdown(t))
    else {
      if (t.entries.length === 0) io.out(`Nothing changed between ${utc(t.from)} and ${utc(t.to)} UTC.`)
      for (const e of t.entries) {
        io.out(
          `${utc(e.at)}  ${e.profileId}  ${`${e.source} ${e.type}`.padEnd(20)} ${e.severity.padEnd(8)} ${e.summary}`,
        )
      }
      if (t.skipped) io.err(`${t.skipped} stored line(s) could not be read`)
    }
    return 0
  } finally {
    await router.close()
  }
}
