import { promises as fs } from 'node:fs'
import path from 'node:path'
import { writeFileAtomic } from '../util/atomic-write'
import { ApiError } from '../../shared/contract'
import { diskError } from '../util/disk-error'
import { percentEncodedName, safeFileName } from '../util/safe-file-name'
import { forEachJsonLine, reportDamage, setAside, type LineReport } from '../util/json-lines'
import { checkpointRecordSchema, type CheckpointRecord } from './checkpoint-record'

export interface HistoryLimits {
  /** Records older than this are dropped at compaction. */
  retentionMs: number
  /** Most records kept per job; the oldest go first. */
  maxPerJob: number
}

export const DEFAULT_LIMITS: HistoryLimits = { retentionMs: 7 * 24 * 3600_000, maxPerJob: 20_000 }

interface JobHistory {
  keys: Set<string>
  records: CheckpointRecord[]
  /** Lines of the file that could not be read, until a rewrite sets them aside. */
  damage?: LineReport
}

const key = (r: Pick<CheckpointRecord, 'jobId' | 'id'>): string => `${r.jobId}/${r.id}`

/**
 * Every checkpoint seen, per job name, in append-only JSON-lines files: it survives console
 * restarts, JobManager restarts and resubmitted jobs. Bounded by age and count; a file is
 * rewritten (compacted) when it holds more than the limit. Damaged lines are skipped and reported,
 * and set aside in `<file>.damaged` before a rewrite would drop them.
 */
export class CheckpointHistoryStore {
  private readonly jobs = new Map<string, Promise<JobHistory>>()

  constructor(
    private readonly dir: string,
    private readonly limits: HistoryLimits = DEFAULT_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  /** A job's file: its percent-encoded name as before, or a safe one when that name is not a valid file name. */
  private file(jobName: string): string {
    const name = percentEncodedName(jobName, { suffix: '.jsonl' }) ?? safeFileName(jobName)
    return path.join(this.dir, `${name}.jsonl`)
  }

  private load(jobName: string): Promise<JobHistory> {
    let loaded = this.jobs.get(jobName)
    if (!loaded) {
      // A failed read (too many open files, a permission) is not remembered: the next call reads again.
      loaded = this.read(jobName).catch((err: unknown) => {
        this.jobs.delete(jobName)
        throw err instanceof ApiError ? err : diskError('read', this.file(jobName), err)
      })
      this.jobs.set(jobName, loaded)
    }
    return loaded
  }

  private async read(jobName: string): Promise<JobHistory> {
    const history: JobHistory = { keys: new Set(), records: [] }
    const file = this.file(jobName)
    const damage = await forEachJsonLine(file, checkpointRecordSchema, (r) => {
      if (history.keys.has(key(r))) return
      history.keys.add(key(r))
      history.records.push(r)
    })
    if (damage.bad) {
      history.damage = damage
      reportDamage(file, damage)
    }
    history.records.sort(byTrigger)
    return history
  }

  /** The records of the list that are not stored yet (to enrich before adding). */
  async missing(records: CheckpointRecord[]): Promise<CheckpointRecord[]> {
    const out: CheckpointRecord[] = []
    for (const r of records) if (!(await this.load(r.jobName)).keys.has(key(r))) out.push(r)
    return out
  }

  /** Adds what is new; returns the records that were not known before. */
  async add(records: CheckpointRecord[]): Promise<CheckpointRecord[]> {
    const added: CheckpointRecord[] = []
    const byJob = new Map<string, CheckpointRecord[]>()
    for (const r of records) byJob.set(r.jobName, [...(byJob.get(r.jobName) ?? []), r])
    for (const [jobName, list] of byJob) {
      const history = await this.load(jobName)
      const fresh = list.filter((r) => !history.keys.has(key(r)))
      if (!fresh.length) continue
      // Kept in memory before the write: a concurrent add (the recorder's poll and a page's read)
      // must neither append them again nor list the history without them while this one writes.
      for (const r of fresh) history.keys.add(key(r))
      history.records.push(...fresh)
      history.records.sort(byTrigger)
      try {
        await fs.mkdir(this.dir, { recursive: true })
        await fs.appendFile(this.file(jobName), fresh.map((r) => `${JSON.stringify(r)}\n`).join(''), { mode: 0o600 })
      } catch (err) {
        // Given back: the next poll writes them once the disk takes writes again (Flink still
        // lists its last checkpoints), so the history has no gap.
        const failed = new Set(fresh.map(key))
        for (const k of failed) history.keys.delete(k)
        history.records = history.records.filter((r) => !failed.has(key(r)))
        throw diskError('write', this.file(jobName), err)
      }
      added.push(...fresh)
      if (history.records.length > this.limits.maxPerJob * 1.1 || this.expired(history).length > 0)
        await this.compact(jobName, history)
    }
    return added
  }

  /** Records of a job, oldest first, optionally since a time. */
  async list(jobName: string, sinceMs = 0): Promise<CheckpointRecord[]> {
    const history = await this.load(jobName)
    return history.records.filter((r) => r.triggerTimestamp >= sinceMs)
  }

  async jobNames(): Promise<string[]> {
    try {
      return (await fs.readdir(this.dir))
        .filter((f) => f.endsWith('.jsonl'))
        .map((f) => decodeURIComponent(f.slice(0, -6)))
    } catch {
      return []
    }
  }

  private expired(history: JobHistory): CheckpointRecord[] {
    const cutoff = this.now() - this.limits.retentionMs
    // Only the oldest few are checked: records are sorted.
    const out: CheckpointRecord[] = []
    for (const r of history.records) {
      if (r.triggerTimestamp >= cutoff) break
      out.push(r)
    }
    return out
  }

  private async compact(jobName: string, history: JobHistory): Promise<void> {
    const cutoff = this.now() - this.limits.retentionMs
    const kept = history.records.filter((r) => r.triggerTimestamp >= cutoff).slice(-this.limits.maxPerJob)
    history.records = kept
    history.keys = new Set(kept.map(key))
    if (history.damage) await setAside(this.file(jobName), history.damage)
    history.damage = undefined
    await writeFileAtomic(this.file(jobName), kept.map((r) => `${JSON.stringify(r)}\n`).join(''))
  }
}

function byTrigger(a: CheckpointRecord, b: CheckpointRecord): number {
  return a.triggerTimestamp - b.triggerTimestamp || a.id - b.id
}
