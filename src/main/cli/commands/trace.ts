import { parseArgs } from 'node:util'
import type {
  FindResult,
  TraceEvent,
  TraceResult,
  TraceStats,
  TraceVerdict,
  TraceUpdate,
} from '../../../shared/contract'
import { compareEvents } from '../../../shared/event-order'
import { fmtBytes, fmtMs } from '../../../shared/format'
import { cliRouter, invoke } from '../context'
import { UsageError, printJson, type CliIo } from '../io'

export const TRACE_USAGE = `Usage:
  keytrail trace <id> [--profile P] [--since T] [--until T] [--topics a,b] [--full-scan] [--include-aborted] [--json]
  keytrail find [--profile P] [--last 10m] [--type T] [--text S] [--topics a,b] [--json]
  T is epoch ms, an ISO time, "now" or relative ("-15m"). Ctrl-C stops a trace and prints what it found.
  trace --json prints { events, verdict, stats }. Exit code 3 when the entity is stuck or an error is found.
  find prints (and --json has as "undecodable") how many matching records it could not decode.
  Exit code 4 (trace and find) when the Schema Registry refused (401/403) or could not be reached:
  records framed for it stayed undecoded, so the answer may be incomplete (a WARN registry finding).`

const options = {
  profile: { type: 'string' },
  since: { type: 'string' },
  until: { type: 'string' },
  topics: { type: 'string' },
  last: { type: 'string' },
  type: { type: 'string' },
  text: { type: 'string' },
  'full-scan': { type: 'boolean' },
  'include-aborted': { type: 'boolean' },
  json: { type: 'boolean' },
} as const

const time = (t: number) => new Date(t).toISOString().replace('T', ' ').replace('Z', '')

function printStory(io: CliIo, entityId: string, events: TraceEvent[], verdict: TraceVerdict, stats: TraceStats) {
  const topics = new Set(events.map((e) => e.topic))
  io.out(
    `Trace of ${entityId}: ${events.length} events in ${topics.size} topic(s) · ${stats.recordsScanned} records (${fmtBytes(stats.bytesScanned)}) scanned in ${stats.partitionsRead} partition(s) · ${fmtMs(stats.elapsedMs)}${stats.cancelled ? ' · CANCELLED' : ''}`,
  )
  io.out(`Verdict: ${verdict.status.toUpperCase()} — ${verdict.summary}`)
  let prev: TraceEvent | undefined
  for (const e of events) {
    const hop = prev ? `+${fmtMs(e.timestamp - prev.timestamp)}` : ''
    io.out(
      `  ${time(e.timestamp)} ${hop.padStart(10)}  ${`${e.topic}/${e.partition}@${e.offset}`.padEnd(22)} ${(e.type ?? '?').padEnd(20)} key=${e.key ?? '∅'}${e.aborted ? ' [aborted]' : ''}${e.decodeError ? ` [raw: ${e.decodeError}]` : ''}`,
    )
    prev = e
  }
  if (verdict.findings.length) io.out('Findings:')
  for (const f of verdict.findings) io.out(`  ${f.severity.toUpperCase().padEnd(5)} ${f.kind}: ${f.message}`)
}

export async function traceCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, strict: true, allowPositionals: true, options })
  const entityId = positionals[0]
  if (!entityId || positionals.length > 1) throw new UsageError('trace takes one id')
  const router = cliRouter(io.env, 'cli')
  const id = values.profile ?? (await invoke(router, 'profiles.list', {})).activeId
  const events: TraceEvent[] = []
  let done: { verdict: TraceVerdict; stats: TraceStats } | undefined
  let lastProgress = 0
  let onSigint = (): void => undefined
  try {
    await new Promise<void>((resolve, reject) => {
      const sub = router.subscribe(
        'trace.run',
        {
          id,
          entityId,
          ...(values.since ? { since: values.since } : {}),
          ...(values.until ? { until: values.until } : {}),
          ...(values.topics ? { topics: values.topics.split(',').map((t) => t.trim()) } : {}),
          fullScan: values['full-scan'] ?? false,
          includeAborted: values['include-aborted'] ?? false,
        },
        {
          event: (u) => {
            const update = u as TraceUpdate
            if (update.kind === 'events') events.push(...update.events)
            else if (update.kind === 'done') done = update
            else if (update.kind === 'progress' && !values.json && Date.now() - lastProgress > 2000) {
              lastProgress = Date.now()
              io.err(
                `… ${update.phase}: ${update.stats.recordsScanned} records, ${fmtBytes(update.stats.bytesScanned)}${update.etaMs !== null ? `, about ${fmtMs(update.etaMs)} left` : ''}`,
              )
            }
          },
          end: resolve,
          error: reject,
        },
        { transport: 'cli' },
      )
      // Ctrl-C stops the scan; the verdict on what was read still arrives.
      onSigint = () => sub.stop()
      process.once('SIGINT', onSigint)
    })
  } finally {
    process.off('SIGINT', onSigint)
  }
  if (!done) throw new Error('The trace ended without a verdict')
  const result: TraceResult = { entityId, events: events.sort(compareEvents), verdict: done.verdict, stats: done.stats }
  if (values.json) printJson(io, result)
  else printStory(io, entityId, result.events, result.verdict, result.stats)
  return traceExitCode(result.verdict)
}

/** 4 first: with the registry refusing, "not found" or "complete" may just be records left undecoded. */
export function traceExitCode(verdict: TraceVerdict): number {
  if (verdict.findings.some((f) => f.kind === 'registry')) return 4
  if (verdict.status === 'not-found') return 1
  return verdict.status === 'stuck' || verdict.findings.some((f) => f.severity === 'error') ? 3 : 0
}

export async function findCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, strict: true, allowPositionals: true, options })
  if (positionals.length) throw new UsageError('find takes no arguments; use --type, --text')
  const router = cliRouter(io.env, 'cli')
  const id = values.profile ?? (await invoke(router, 'profiles.list', {})).activeId
  const res = await invoke(router, 'trace.find', {
    id,
    ...(values.last ? { last: values.last } : {}),
    ...(values.type ? { type: values.type } : {}),
    ...(values.text ? { text: values.text } : {}),
    ...(values.topics ? { topics: values.topics.split(',').map((t) => t.trim()) } : {}),
  })
  if (values.json) printJson(io, res)
  else {
    for (const h of res.hits) {
      io.out(
        `${time(h.timestamp)}  ${(h.entityId ?? '?').padEnd(24)} ${(h.type ?? '').padEnd(20)} ${h.topic}/${h.partition}@${h.offset}`,
      )
    }
    const undecodable = res.undecodable ? `; ${res.undecodable} could not be decoded` : ''
    io.out(
      `${res.hits.length} hit(s) in ${res.recordsScanned} records${res.truncated ? ' (newest only)' : ''}${undecodable}`,
    )
    if (res.stoppedAfterMs !== undefined)
      io.err(
        `WARN  stopped after ${Math.round(res.stoppedAfterMs / 1000)} s before the end of the window: hits are from what was read (narrow --last or add --text)`,
      )
    if (res.registryError) io.err(`WARN  registry: ${res.registryError}`)
    if (res.missingTopics.length) io.err(`Not on this cluster, skipped: ${res.missingTopics.join(', ')}`)
    for (const d of res.deniedTopics) io.err(`WARN  skipped: ${d.message}`)
  }
  return findExitCode(res)
}

export function findExitCode(res: Pick<FindResult, 'registryError'>): number {
  return res.registryError ? 4 : 0
}
