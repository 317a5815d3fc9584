import { createReadStream, promises as fs } from 'node:fs'
import path from 'node:path'
import readline from 'node:readline'
import { writeFileAtomic } from '../util/atomic-write'
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
}

const key = (r: Pick<CheckpointRecord, 'jobId' | 'id'>): string => `${r.jobId}/${r.id}`

/**
 * Every checkpoint seen, per job name, in append-only JSON-lines files: it survives console
 * restarts, JobManager restarts and resubmitted jobs. Bounded by age and count; a file is
 * rewritten (compacted) when it holds more than the limit. Bad lines are skipped, not fatal.
 */
export class CheckpointHistoryStore {
  private readonly jobs = new Map<string, Promise<JobHistory>>()

  constructor(
    private readonly dir: string,
    private readonly limits: HistoryLimits = DEFAULT_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  private file(jobName: string): string {
    return path.join(this.dir, `${encodeURIComponent(jobName)}.jsonl`)
  }

  private load(jobName: string): Promise<JobHistory> {
    let loaded = this.jobs.get(jobName)
    if (!loaded) {
      loaded = this.read(jobName)
      this.jobs.set(jobName, loaded)
    }
    return loaded
  }

  private async read(jobName: string): Promise<JobHistory> {
    const history: JobHistory = { keys: new Set(), records: [] }
    try {
      const lines = readline.createInterface({
        input: createReadStream(this.file(jobName), 'utf8'),
        crlfDelay: Infinity,
      })
      for await (const line of lines) {
        if (!line.trim()) continue
        let json: unknown
        try {
          json = JSON.parse(line)
        } catch {
          continue
        }
        const parsed = checkpointRecordSchema.safeParse(json)
        if (parsed.success && !history.keys.has(key(parsed.data))) {
          history.keys.add(key(parsed.data))
          history.records.push(parsed.data)
        }
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
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
      for (const r of fresh) history.keys.add(key(r))
      history.records.push(...fresh)
      history.records.sort(byTrigger)
      added.push(...fresh)
      await fs.mkdir(this.dir, { recursive: true })
      await fs.appendFile(this.file(jobName), fresh.map((r) => `${JSON.stringify(r)}\n`).join(''), { mode: 0o600 })
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
    await writeFileAtomic(this.file(jobName), kept.map((r) => `${JSON.stringify(r)}\n`).join(''))
  }
}

function byTrigger(a: CheckpointRecord, b: CheckpointRecord): number {
  return a.triggerTimestamp - b.triggerTimestamp || a.id - b.id
}
