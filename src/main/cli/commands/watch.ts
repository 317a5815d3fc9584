import { parseArgs } from 'node:util'
import type { WatchedOrder } from '../../../shared/contract/watch'
import { cliRouter, invoke } from '../context'
import { UsageError, printJson, type CliIo } from '../io'

export const WATCH_USAGE = `Usage:
  keytrail watch <id> [--profile P] [--off] [--json]
  keytrail watch --list [--profile P] [--json]
  Pins an order id (--off unpins it): the desktop app or \`keytrail serve\` traces it again every 10 s
  and raises an order problem while its verdict is stuck, until its story completes or the stuck
  verdict resolves. --list shows the pinned ids of P (default: every profile) with their last verdict.`

const options = {
  profile: { type: 'string' },
  off: { type: 'boolean' },
  list: { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const

const utc = (t: number) => new Date(t).toISOString().replace('T', ' ').slice(0, 19)

function printWatches(io: CliIo, watches: WatchedOrder[]): void {
  if (watches.length === 0) io.out('No watched ids.')
  for (const w of watches) {
    const verdict = w.status ? `${w.status}: ${w.summary ?? ''}` : 'not traced yet'
    io.out(`  [${w.profileId}] ${w.entityId}  pinned ${utc(w.pinnedAt)} UTC  ${verdict}`)
    if (w.checkError) io.out(`      last check gave no verdict: ${w.checkError}`)
  }
}

export async function watchCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, strict: true, allowPositionals: true, options })
  if (values.help) {
    io.out(WATCH_USAGE)
    return 0
  }
  if (values.list && (positionals.length || values.off)) throw new UsageError('--list takes no id and no --off')
  if (!values.list && positionals.length !== 1) throw new UsageError('watch takes one id (or --list)')
  const router = cliRouter(io.env, 'cli')
  try {
    if (values.list) {
      const { watches } = await invoke(router, 'watch.list', values.profile ? { id: values.profile } : {})
      if (values.json) printJson(io, { watches })
      else printWatches(io, watches)
      return 0
    }
    const id = values.profile ?? (await invoke(router, 'profiles.list', {})).activeId
    const entityId = positionals[0] ?? ''
    const { watches } = await invoke(router, 'watch.set', { id, entityId, on: !values.off })
    if (values.json) printJson(io, { watches })
    else {
      io.out(values.off ? `${entityId} is no longer watched in ${id}.` : `Watching ${entityId} in ${id}.`)
      printWatches(io, watches)
    }
    return 0
  } finally {
    await router.close()
  }
}
