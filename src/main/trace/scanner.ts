import type { PartitionProgress } from '../../shared/contract/trace'
import type { PartitionSource, RawRecord } from '../kafka/partition-source'

const OFFSET_OUT_OF_RANGE = 1
// NOT_LEADER_OR_FOLLOWER, FENCED_LEADER_EPOCH, UNKNOWN_LEADER_EPOCH, LEADER_NOT_AVAILABLE
const RETRIABLE = new Set([5, 6, 74, 76])

export interface ScanRange {
  topic: string
  partition: number
  /** First offset to read. */
  from: number
  /** Offset to stop before (a snapshot of the end taken when the scan was planned). */
  to: number
}

export interface ScanTotals {
  records: number
  bytes: number
}

/** Records that sit behind an open transaction after the last stable offset where reading stopped. */
export interface HeldPartition {
  topic: string
  partition: number
  stableOffset: number
  /** 0 when nothing waits. */
  records: number
}

export interface ScanOptions {
  signal: AbortSignal
  /** Batches whose records area fails this are skipped undecoded. */
  batchFilter?: (records: Buffer) => boolean
  onRecord: (r: RawRecord) => void | Promise<void>
  onProgress?: (p: PartitionProgress[], totals: ScanTotals) => void
  /** Called as each partition ends (read_committed shows held records once their transaction commits). */
  onHeld?: (held: HeldPartition) => void
  /** Fetch loops run side by side; each owns a share of the partitions. */
  concurrency?: number
  progressEveryMs?: number
}

/**
 * Reads the ranges to their ends (or until cancelled) with bounded memory: one fetch response
 * per loop in flight, each at most the reader's maxBytes. Returns what it read.
 */
export async function scanRanges(reader: PartitionSource, ranges: ScanRange[], o: ScanOptions): Promise<ScanTotals> {
  const state = ranges
    .filter((r) => r.to > r.from)
    .map((r) => ({ ...r, position: r.from, records: 0, bytes: 0, done: false, retries: 0, idle: 0 }))
  const totals: ScanTotals = { records: 0, bytes: 0 }
  let lastProgress = 0
  const progress = (force = false) => {
    if (!o.onProgress) return
    const now = Date.now()
    if (!force && now - lastProgress < (o.progressEveryMs ?? 250)) return
    lastProgress = now
    o.onProgress(
      state.map(({ topic, partition, from, to, position, records, bytes, done }) => ({
        topic,
        partition,
        from,
        to,
        position: Math.min(position, to),
        records,
        bytes,
        done,
      })),
      { ...totals },
    )
  }
  const loops = Math.max(1, Math.min(o.concurrency ?? 2, state.length))
  const shares = Array.from({ length: loops }, (_, i) => state.filter((_, j) => j % loops === i))
  await Promise.all(
    shares.map(async (share) => {
      while (!o.signal.aborted) {
        const active = share.filter((s) => !s.done)
        if (active.length === 0) return
        const batches = await reader.fetch(
          active.map((s) => ({ topic: s.topic, partition: s.partition, offset: s.position })),
          { batchFilter: o.batchFilter, signal: o.signal },
        )
        for (const b of batches) {
          const s = active.find((x) => x.topic === b.topic && x.partition === b.partition)
          if (!s) continue
          if (b.errorCode === OFFSET_OUT_OF_RANGE) {
            s.done = true // the rest was deleted by retention meanwhile
            continue
          }
          if (RETRIABLE.has(b.errorCode) && s.retries++ < 5) {
            await reader.refresh()
            continue
          }
          if (b.errorCode !== 0) throw new Error(`Kafka error ${b.errorCode} reading ${b.topic}/${b.partition}`)
          for (const r of b.records) {
            if (r.offset >= s.to) break
            await o.onRecord(r)
          }
          s.records += b.scanned
          s.bytes += b.bytes
          totals.records += b.scanned
          totals.bytes += b.bytes
          // Nothing more readable now (end of log, or an open transaction holds the stable offset).
          const stuck = b.nextOffset <= s.position
          s.position = Math.max(s.position, b.nextOffset)
          const readable = Math.min(s.to, b.lastStableOffset >= 0 ? b.lastStableOffset : b.highWatermark)
          s.idle = stuck ? s.idle + 1 : 0
          if (s.position >= s.to || (stuck && s.position >= readable) || s.idle > 20) {
            s.done = true
            const atStable =
              reader.isolation === 'read_committed' && b.lastStableOffset >= 0 && s.position >= b.lastStableOffset
            const held = atStable ? Math.max(0, b.highWatermark - b.lastStableOffset) : 0
            o.onHeld?.({ topic: s.topic, partition: s.partition, stableOffset: b.lastStableOffset, records: held })
          }
          // Offsets past the log start were deleted by retention: skip ahead.
          if (stuck && s.position < b.logStartOffset) s.position = b.logStartOffset
        }
        progress()
      }
    }),
  )
  progress(true)
  return totals
}
