import type { PartitionProgress, TraceStats } from '../../../../shared/contract'
import { fmtBytes, fmtMs } from '../format'

/** Progress per topic (the share of its window read), with records, bytes and the ETA. */
export function TraceProgress({
  phase,
  partitions,
  etaMs,
  stats,
  running,
}: {
  phase?: string
  partitions: PartitionProgress[]
  etaMs: number | null
  stats?: TraceStats
  running: boolean
}) {
  const topics = [...new Set(partitions.map((p) => p.topic))]
  return (
    <div className="panel trace-progress" data-testid="trace-progress">
      <p>
        {running ? (phase ?? 'Planning') : 'Scanned'}
        {stats && (
          <span className="muted">
            {' '}
            · {stats.recordsScanned.toLocaleString()} records · {fmtBytes(stats.bytesScanned)} · {stats.partitionsRead}{' '}
            partitions · {fmtMs(stats.elapsedMs)}
            {running && etaMs !== null ? ` · about ${fmtMs(etaMs)} left` : ''}
            {stats.cancelled ? ' · cancelled' : ''}
          </span>
        )}
      </p>
      {topics.map((t) => {
        const ps = partitions.filter((p) => p.topic === t)
        const total = ps.reduce((s, p) => s + (p.to - p.from), 0)
        const done = ps.reduce((s, p) => s + (p.position - p.from), 0)
        const share = total > 0 ? done / total : 1
        return (
          <div key={t} className="progress-row">
            <span className="mono">{t}</span>
            <progress max={1} value={share} aria-label={`${t} scanned`} />
            <span className="muted">
              {Math.round(share * 100)}% of {ps.length} partition(s) ·{' '}
              {ps.reduce((s, p) => s + p.records, 0).toLocaleString()} records ·{' '}
              {fmtBytes(ps.reduce((s, p) => s + p.bytes, 0))}
            </span>
          </div>
        )
      })}
    </div>
  )
}
