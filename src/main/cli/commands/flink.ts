import { parseArgs } from 'node:util'
import type { CheckpointsView, ClusterView } from '../../../shared/contract'
import { fmtBytes, fmtMs } from '../../../shared/format'
import { cliRouter, invoke } from '../context'
import { UsageError, printJson, type CliIo } from '../io'

export const FLINK_USAGE = `Usage:
  keytrail jobs [--profile P] [--json]
  keytrail checkpoints <job-id-or-name> [--profile P] [--limit N] [--json]
  checkpoints --json prints counts, latest, config, history (as stored locally) and detectors.`

const options = { profile: { type: 'string' }, json: { type: 'boolean' }, limit: { type: 'string' } } as const

async function profileOf(router: ReturnType<typeof cliRouter>, given: string | undefined): Promise<string> {
  return given ?? (await invoke(router, 'profiles.list', {})).activeId
}

function printCluster(io: CliIo, c: ClusterView): void {
  io.out(
    `Flink ${c.version} · ${c.taskManagers.length} task manager(s) · ${c.slotsAvailable}/${c.slotsTotal} slots free`,
  )
  for (const j of c.jobs) io.out(`  ${j.state.padEnd(11)} ${j.name.padEnd(24)} ${j.jid}  up ${fmtMs(j.durationMs)}`)
}

function printCheckpoints(io: CliIo, v: CheckpointsView): void {
  io.out(`${v.job.name} (${v.job.jid}) ${v.job.state}`)
  io.out(
    `  counts: ${v.counts.completed} completed, ${v.counts.failed} failed, ${v.counts.inProgress} in progress, ${v.counts.restored} restored`,
  )
  if (v.config)
    io.out(
      `  config: every ${fmtMs(v.config.intervalMs)}, timeout ${fmtMs(v.config.timeoutMs)}, ${v.config.mode ?? ''}, ${v.config.retention ?? ''}`,
    )
  else io.out('  checkpointing is off')
  io.out(`  history: ${v.historyTotal} stored; newest:`)
  for (const r of v.history.slice(-10).reverse()) {
    io.out(
      `    #${String(r.id).padEnd(6)} ${r.status.padEnd(9)} ${new Date(r.triggerTimestamp).toISOString()}  ${fmtMs(r.durationMs).padStart(8)}  ${fmtBytes(r.stateSize).padStart(9)}${r.failureMessage ? `  ${r.failureMessage}` : ''}`,
    )
  }
  for (const d of v.detectors)
    io.out(`  ${d.firing ? (d.severity === 'critical' ? 'CRIT' : 'WARN') : 'ok  '} ${d.title}: ${d.evidence}`)
}

export async function jobsCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, strict: true, allowPositionals: true, options })
  if (positionals.length) throw new UsageError('jobs takes no arguments')
  const router = cliRouter(io.env, 'cli')
  const cluster = await invoke(router, 'flink.cluster', { id: await profileOf(router, values.profile) })
  if (values.json) printJson(io, cluster)
  else printCluster(io, cluster)
  return 0
}

export async function checkpointsCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, strict: true, allowPositionals: true, options })
  const job = positionals[0]
  if (!job || positionals.length > 1) throw new UsageError('checkpoints takes one job id or name')
  const limit = values.limit === undefined ? undefined : Number(values.limit)
  const router = cliRouter(io.env, 'cli')
  const view = await invoke(router, 'checkpoints.get', {
    id: await profileOf(router, values.profile),
    job,
    ...(limit !== undefined ? { limit } : {}),
  })
  if (values.json) {
    const { counts, latest, config, history, detectors } = view
    printJson(io, {
      job: view.job,
      counts,
      latest,
      config,
      history,
      historyTotal: view.historyTotal,
      detectors: detectors.filter((d) => d.firing),
      allDetectors: detectors,
    })
  } else printCheckpoints(io, view)
  return view.detectors.some((d) => d.firing && d.severity === 'critical') ? 3 : 0
}
