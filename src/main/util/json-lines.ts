import { createReadStream, promises as fs } from 'node:fs'
import readline from 'node:readline'
import type { z } from 'zod'

/** Damaged lines are kept (to set aside) up to this many per read; beyond it they are only counted. */
const KEEP_BAD = 1_000

export interface LineReport {
  good: number
  bad: number
  /** 1-based number and reason of the first damaged line. */
  first?: { line: number; reason: string }
  /** The damaged lines themselves (the first KEEP_BAD), to be set aside before a rewrite. */
  badLines: string[]
}

/**
 * Reads a JSON-lines file line by line (memory bounded by one line), handing each valid record to
 * `each`. A torn, garbled or wrongly shaped line is counted and kept for the report; the rest of
 * the file is still read. A missing file is an empty one.
 */
export async function forEachJsonLine<T>(
  file: string,
  schema: z.ZodType<T>,
  each: (record: T) => void,
): Promise<LineReport> {
  const report: LineReport = { good: 0, bad: 0, badLines: [] }
  let n = 0
  try {
    const lines = readline.createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity })
    for await (const line of lines) {
      n++
      if (!line.trim()) continue
      let reason: string
      try {
        const parsed = schema.safeParse(JSON.parse(line))
        if (parsed.success) {
          report.good++
          each(parsed.data)
          continue
        }
        reason = `not a record: ${parsed.error.issues[0]?.path.join('.') || 'value'} ${parsed.error.issues[0]?.message ?? ''}`
      } catch (err) {
        reason = `not JSON: ${(err as Error).message}`
      }
      report.bad++
      report.first ??= { line: n, reason: reason.slice(0, 200) }
      if (report.badLines.length < KEEP_BAD) report.badLines.push(line)
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
  }
  return report
}

const reported = new Map<string, number>()

/** Says once per file (again only if the count changes) that lines were unreadable and skipped. */
export function reportDamage(
  file: string,
  r: LineReport,
  write: (s: string) => unknown = (s) => process.stderr.write(s),
): void {
  if (!r.bad || reported.get(file) === r.bad) return
  reported.set(file, r.bad)
  write(
    `[keytrail] ${file}: ${r.bad} damaged line(s) skipped (first: line ${r.first?.line}, ${r.first?.reason}); ${r.good} record(s) read; damaged lines are kept in ${file}.damaged when the file is rewritten\n`,
  )
}

/** Before a file is rewritten without its damaged lines, they are appended to `<file>.damaged`: nothing is lost. */
export async function setAside(file: string, r: LineReport): Promise<void> {
  if (!r.badLines.length) return
  await fs.appendFile(`${file}.damaged`, r.badLines.map((l) => `${l}\n`).join(''), { mode: 0o600 })
}
