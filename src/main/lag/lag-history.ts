import { promises as fs } from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { lagStatuses, type LagStatus } from '../../shared/contract/lag'
import { mapLimited } from '../util/map-limited'
import { percentEncodedName, safeFileName } from '../util/safe-file-name'
import { forEachJsonLine, reportDamage, setAside } from '../util/json-lines'

/** One sample of one group as stored: totals, and per partition [committed, logEnd, lagSeconds]. */
export interface StoredSample {
  t: number
  lag: number
  lagSeconds: number | null
  produceRate: number | null
  consumeRate: number | null
  status: LagStatus
  parts?: Record<string, [number, number, number | null]>
}

const nullableNumber = z.number().nullable()
const storedSampleSchema: z.ZodType<StoredSample> = z.object({
  t: z.number(),
  lag: z.number(),
  lagSeconds: nullableNumber,
  produceRate: nullableNumber,
  consumeRate: nullableNumber,
  status: z.enum(lagStatuses),
  parts: z.record(z.string(), z.tuple([z.number(), z.number(), nullableNumber])).optional(),
})

export interface HistoryOptions {
  retentionMs?: number
  /** Upper bound of the whole history on disk; the oldest hours go first. */
  maxBytes?: number
}

const HOUR = 3_600_000
const hourOf = (t: number) => new Date(Math.floor(t / HOUR) * HOUR).toISOString().slice(0, 13)

/** Files open at once while a sample is written (one per group otherwise: thousands on a fleet). */
const APPENDS_IN_FLIGHT = 16

/**
 * Lag samples on disk: one directory per group, one JSON-lines file per hour. Older hours are
 * thinned (one sample a minute after an hour, one per ten minutes without partitions after a
 * day), files past the retention are deleted, and the total is capped.
 */
export class LagHistory {
  private readonly retentionMs: number
  private readonly maxBytes: number
  private lastCompaction = 0

  constructor(
    private readonly dir: string,
    opts: HistoryOptions = {},
  ) {
    this.retentionMs = opts.retentionMs ?? 7 * 86_400_000
    this.maxBytes = opts.maxBytes ?? 256 * 1024 * 1024
  }

  async append(samples: Map<string, StoredSample>): Promise<void> {
    // One group's failed write costs only its row: the others are still written, then the first error is thrown.
    await mapLimited(
      samples,
      APPENDS_IN_FLIGHT,
      async ([group, s]) => {
        const dir = path.join(this.dir, safeFileName(group))
        const file = path.join(dir, `${hourOf(s.t)}.jsonl`)
        const line = `${JSON.stringify(s)}\n`
        // The directory is made only when missing: a mkdir per group and sample was half the syscalls.
        await fs.appendFile(file, line).catch(async (err: NodeJS.ErrnoException) => {
          if (err.code !== 'ENOENT') throw err
          await fs.mkdir(dir, { recursive: true })
          await fs.appendFile(file, line)
        })
      },
      { keepGoing: true },
    )
    if (Date.now() - this.lastCompaction > 10 * 60_000) {
      this.lastCompaction = Date.now()
      await this.compact().catch(() => undefined)
    }
  }

  /** A group's samples since `from`, oldest first; damaged lines are skipped and reported. */
  async read(group: string, from: number, withParts = true): Promise<StoredSample[]> {
    const legacy = percentEncodedName(group, { encodeDots: true })
    const dirs = [safeFileName(group), ...(legacy ? [legacy] : [])].map((d) => path.join(this.dir, d))
    const out: StoredSample[] = []
    for (const dir of dirs) {
      const files = (await fs.readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.jsonl'))
      for (const f of files) {
        const start = Date.parse(`${f.slice(0, 13)}:00:00Z`)
        if (start + HOUR < from) continue
        const file = path.join(dir, f)
        const damage = await forEachJsonLine(file, storedSampleSchema, (s) => {
          if (s.t < from) return
          if (!withParts) delete s.parts
          out.push(s)
        })
        reportDamage(file, damage)
      }
    }
    return out.sort((a, b) => a.t - b.t)
  }

  /** Thins old hours, drops expired ones, and keeps the total under the cap. */
  async compact(now = Date.now()): Promise<void> {
    const all: { file: string; start: number; size: number }[] = []
    for (const g of await fs.readdir(this.dir).catch(() => [] as string[])) {
      const dir = path.join(this.dir, g)
      for (const f of await fs.readdir(dir).catch(() => [] as string[])) {
        if (!f.endsWith('.jsonl')) continue
        const file = path.join(dir, f)
        const start = Date.parse(`${f.slice(0, 13)}:00:00Z`)
        if (start + HOUR < now - this.retentionMs) {
          await fs.rm(file, { force: true })
          continue
        }
        const age = now - (start + HOUR)
        const level = f.includes('.c2.') ? 2 : f.includes('.c1.') ? 1 : 0
        const want = age > 86_400_000 ? 2 : age > 0 ? 1 : 0
        if (want > level) {
          const thinned = await this.thin(file, want === 2 ? 600_000 : 60_000, want === 2)
          const target = path.join(dir, `${f.slice(0, 13)}.c${want}.jsonl`)
          await fs.writeFile(target, thinned)
          if (target !== file) await fs.rm(file, { force: true })
          all.push({ file: target, start, size: Buffer.byteLength(thinned) })
        } else all.push({ file, start, size: (await fs.stat(file)).size })
      }
    }
    let total = all.reduce((s, f) => s + f.size, 0)
    for (const f of all.sort((a, b) => a.start - b.start)) {
      if (total <= this.maxBytes) break
      await fs.rm(f.file, { force: true })
      total -= f.size
    }
  }

  private async thin(file: string, everyMs: number, dropParts: boolean): Promise<string> {
    const kept: string[] = []
    let bucket = -1
    const damage = await forEachJsonLine(file, storedSampleSchema, (s) => {
      const b = Math.floor(s.t / everyMs)
      if (b === bucket) return
      bucket = b
      if (dropParts) delete s.parts
      kept.push(JSON.stringify(s))
    })
    // The thinned file replaces this one: its damaged lines go aside first.
    reportDamage(file, damage)
    await setAside(file, damage)
    return kept.length ? `${kept.join('\n')}\n` : ''
  }
}
