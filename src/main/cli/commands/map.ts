import { readFileSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { traceMapSchema, type Profile, type ProfileView, type TraceMap } from '../../../shared/contract'
import type { Router } from '../../api/router'
import { cliRouter, invoke } from '../context'
import { UsageError, printJson, type CliIo } from '../io'

export const MAP_USAGE = `Usage:
  keytrail map show <profile> [--json]              the profile's trace map (exit 1 when it has none)
  keytrail map suggest <profile> [--topics a,b] [--save] [--json]
                                                    a map proposed from recent records of the topics
                                                    (the map's own, else every topic); --save stores it
  keytrail map set <profile> --file F [--json]      store the map in F (JSON, checked against the contract)
  A trace map says where an entity's id lives in each topic: find and trace need one.`

const options = {
  file: { type: 'string' },
  topics: { type: 'string' },
  save: { type: 'boolean' },
  json: { type: 'boolean' },
} as const

async function storedProfile(router: Router, id: string): Promise<Profile> {
  const list = await invoke(router, 'profiles.list', {})
  const view: ProfileView | undefined = list.profiles.find((p) => p.id === id)
  if (!view) throw new UsageError(`No profile "${id}"; have ${list.profiles.map((p) => p.id).join(', ')}`)
  const { color: _color, secrets: _secrets, builtIn: _builtIn, ...profile } = view
  return profile
}

/** Reads and checks a map file; every problem is named with its JSON path. */
export function readMapFile(file: string, cwd: string = process.cwd()): TraceMap {
  const abs = path.resolve(cwd, file)
  let json: unknown
  try {
    json = JSON.parse(readFileSync(abs, 'utf8'))
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.message : String(err))
    throw new UsageError(`--file ${abs} cannot be read as JSON (${why})`)
  }
  const parsed = traceMapSchema.safeParse(json)
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `  ${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`)
    throw new UsageError(`--file ${abs} is not a valid trace map:\n${issues.join('\n')}`)
  }
  return parsed.data
}

function printMap(io: CliIo, map: TraceMap, json: boolean | undefined): void {
  if (json) printJson(io, map)
  else io.out(JSON.stringify(map, null, 2))
}

async function save(router: Router, profile: Profile, map: TraceMap): Promise<void> {
  await invoke(router, 'profiles.save', { profile: { ...profile, trace: map } })
}

export async function mapCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args
  const { values, positionals } = parseArgs({ args: rest, strict: true, allowPositionals: true, options })
  const id = positionals[0]
  if (!id || positionals.length > 1) throw new UsageError(`map ${sub ?? '<show|suggest|set>'} takes one profile id`)
  const router = cliRouter(io.env, 'cli')
  const profile = await storedProfile(router, id)
  switch (sub) {
    case 'show':
      if (!profile.trace) {
        io.err(
          `Profile "${id}" has no trace map: run \`keytrail map suggest ${id} --save\` or \`keytrail map set ${id} --file F\``,
        )
        return 1
      }
      printMap(io, profile.trace, values.json)
      return 0
    case 'suggest': {
      const topics = values.topics?.split(',').map((t) => t.trim())
      const res = await invoke(router, 'trace.suggest', { id, ...(topics ? { topics } : {}) })
      if (values.json) printJson(io, res)
      else {
        for (const e of res.evidence)
          io.err(`${e.topic}: ${e.sampled} record(s) sampled${e.notes.length ? ` — ${e.notes.join('; ')}` : ''}`)
        printMap(io, res.map, false)
      }
      if (values.save) {
        await save(router, profile, res.map)
        io.err(`Saved as the trace map of profile ${id}`)
      } else if (!values.json)
        io.err(`Not saved: add --save to store it, or edit it and use \`keytrail map set ${id} --file F\``)
      return 0
    }
    case 'set': {
      if (!values.file) throw new UsageError('map set needs --file F (a trace map as JSON; `map show` prints one)')
      const map = readMapFile(values.file)
      await save(router, profile, map)
      if (values.json) printJson(io, map)
      else io.out(`Saved the trace map of profile ${id} (${map.topics.length} topic(s))`)
      return 0
    }
    default:
      throw new UsageError(
        sub ? `Unknown map command "${sub}"; have show, suggest, set` : 'map needs a command: show, suggest or set',
      )
  }
}
