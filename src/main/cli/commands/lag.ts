import { parseArgs } from 'node:util'
import type { GroupDetail } from '../../../shared/contract'
import { fmtMs } from '../../../shared/format'
import { cliRouter, invoke } from '../context'
import { UsageError, printJson, type CliIo } from '../io'

export const LAG_USAGE = `Usage:
  keytrail lag [--profile P] [--group G] [--json]
  Consumer-group lag in messages and seconds (exact: the committed record's timestamp; estimated:
  interpolated from sampled log-end offsets), Burrow's verdict with its reason, Flink's own figures.
  Exit code 3 when a group is STOP, STALL or REWIND.`

const options = { profile: { type: 'string' }, group: { type: 'string' }, json: { type: 'boolean' } } as const

const secs = (s: number | null) => (s === null ? '—' : fmtMs(s * 1000))

function print(io: CliIo, groups: GroupDetail[]): void {
  for (const d of groups) {
    const s = d.summary
    io.out(
      `${s.group}  ${s.state}  ${s.verdict.status}  lag ${s.totalLag} msgs, ${secs(s.maxLagSeconds)}${s.lagSecondsKind === 'estimated' ? ' (est.)' : ''}${s.flinkJob ? `  · Flink job ${s.flinkJob}` : ''}`,
    )
    io.out(`  ${s.verdict.reason}`)
    for (const p of d.partitions) {
      io.out(
        `    ${`${p.topic}/${p.partition}`.padEnd(18)} committed ${String(p.committedOffset).padStart(9)}  end ${String(p.logEndOffset).padStart(9)}  lag ${String(p.lag).padStart(7)}  ${secs(p.lagSeconds).padStart(8)} ${p.lagSecondsKind ?? ''}  ${p.verdict.status}`,
      )
    }
    if (d.flink) {
      io.out(
        `  Flink: pendingRecords ${d.flink.pendingRecords ?? '—'}, emit lag ${d.flink.currentEmitEventTimeLagMs === null ? '—' : fmtMs(d.flink.currentEmitEventTimeLagMs)}. ${d.flink.explanation}`,
      )
    }
  }
}

export async function lagCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, strict: true, allowPositionals: true, options })
  if (positionals.length) throw new UsageError('lag takes no arguments; use --group')
  const router = cliRouter(io.env, 'cli')
  const id = values.profile ?? (await invoke(router, 'profiles.list', {})).activeId
  const res = await invoke(router, 'lag.describe', { id, ...(values.group ? { group: values.group } : {}) })
  if (values.json) {
    printJson(
      io,
      res.groups.map((d) => ({
        group: d.summary.group,
        state: d.summary.state,
        verdict: d.summary.verdict,
        totalLag: d.summary.totalLag,
        flinkJob: d.flink,
        partitions: d.partitions.map((p) => ({
          topic: p.topic,
          partition: p.partition,
          committedOffset: p.committedOffset,
          logEndOffset: p.logEndOffset,
          lag: p.lag,
          lagSeconds: p.lagSeconds,
          lagSecondsKind: p.lagSecondsKind,
          owner: p.owner,
          verdict: p.verdict,
        })),
      })),
    )
  } else print(io, res.groups)
  return res.groups.some((d) => ['STOP', 'STALL', 'REWIND'].includes(d.summary.verdict.status)) ? 3 : 0
}
