import { promises as fs } from 'node:fs'
import path from 'node:path'
import type { z } from 'zod'
import { forEachJsonLine, reportDamage, setAside, type LineReport } from './json-lines'

const KEEP_MS = 7 * 86_400_000
const COMPACT_AT_BYTES = 4 * 1024 * 1024

export interface LogRead<T> {
  events: T[]
  /** Lines that were not a valid event (a torn write, an edit by hand): reported, not fatal. */
  skipped: number
}

/**
 * Timestamped events as JSON lines (alert history, the incident timeline): append-only, one writer,
 * compacted to a week once the file grows; read line by line, a damaged line skipped, counted and
 * reported, and set aside in `<file>.damaged` before compaction rewrites the file.
 */
export class JsonLinesLog<T extends { at: number }> {
  private writes: Promise<void> = Promise.resolve()

  constructor(
    private readonly file: string,
    private readonly schema: z.ZodType<T>,
  ) {}

  append(events: T[]): Promise<void> {
    if (events.length === 0) return this.writes
    const lines = events.map((e) => JSON.stringify(e)).join('\n') + '\n'
    // One writer: appends and compaction never interleave.
    this.writes = this.writes
      .then(async () => {
        await fs.mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 })
        await fs.appendFile(this.file, lines, { mode: 0o600 })
        const { size } = await fs.stat(this.file)
        if (size > COMPACT_AT_BYTES) await this.compact()
      })
      .catch(
        (err: unknown) => void process.stderr.write(`[keytrail] history not written to ${this.file}: ${String(err)}\n`),
      )
    return this.writes
  }

  async read(since = 0): Promise<LogRead<T>> {
    await this.writes
    return this.readFile(since)
  }

  private async readFile(since: number): Promise<LogRead<T> & { damage: LineReport }> {
    const events: T[] = []
    const damage = await forEachJsonLine(this.file, this.schema, (e) => {
      if (e.at >= since) events.push(e)
    })
    reportDamage(this.file, damage)
    return { events, skipped: damage.bad, damage }
  }

  private async compact(): Promise<void> {
    const { events, damage } = await this.readFile(Date.now() - KEEP_MS)
    await setAside(this.file, damage)
    const tmp = `${this.file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`
    await fs.writeFile(tmp, events.map((e) => JSON.stringify(e) + '\n').join(''), { mode: 0o600 })
    await fs.rename(tmp, this.file)
  }
}
