import { useState } from 'react'
import type { CheckpointsView } from '../../../../shared/contract'
import { fmtBytes, fmtMs, fmtTime } from '../format'

type Row = CheckpointsView['history'][number]
const PAGE = 100

/** Newest first; a page at a time so that thousands of stored checkpoints stay fast. */
export function CheckpointTable({
  history,
  total,
  selected,
  onSelect,
  onNeedMore,
}: {
  history: Row[]
  /** How many Keytrail has stored; more than `history` when only the newest were loaded. */
  total: number
  selected?: number
  onSelect: (r: Row) => void
  onNeedMore: (count: number) => void
}) {
  const [shown, setShown] = useState(PAGE)
  const rows = history.slice(-shown).reverse()
  return (
    <div className="table-wrap">
      <table className="data" data-testid="checkpoint-history">
        <thead>
          <tr>
            <th>ID</th>
            <th>Status</th>
            <th>Triggered</th>
            <th className="num">Duration</th>
            <th className="num">Full size</th>
            <th className="num">Checkpointed</th>
            <th className="num">Processed</th>
            <th className="num">Persisted</th>
            <th className="num">Aligned buffer</th>
            <th className="num">Acks</th>
            <th>Failure</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr
              key={`${r.jobId}/${r.id}`}
              className={`${r.status === 'FAILED' ? 'row-bad' : ''} ${selected === r.id ? 'row-selected' : ''}`}
              onClick={() => onSelect(r)}
              data-testid={`checkpoint-row-${r.id}`}
            >
              <td className="mono">
                {r.id}
                {r.isSavepoint ? ' (savepoint)' : ''}
              </td>
              <td>{r.status}</td>
              <td>{fmtTime(r.triggerTimestamp)}</td>
              <td className="num">{fmtMs(r.durationMs)}</td>
              <td className="num">{fmtBytes(r.stateSize)}</td>
              <td className="num">{fmtBytes(r.checkpointedSize)}</td>
              <td className="num">{fmtBytes(r.processedData)}</td>
              <td className="num">{fmtBytes(r.persistedData)}</td>
              <td className="num">{fmtBytes(r.alignmentBuffered)}</td>
              <td className="num">
                {r.numAcknowledgedSubtasks ?? '—'}/{r.numSubtasks ?? '—'}
              </td>
              <td className="error-text">{r.failureMessage ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {total > Math.min(shown, history.length) && (
        <button
          type="button"
          className="btn"
          onClick={() => {
            const next = shown + PAGE * 5
            setShown(next)
            if (next > history.length) onNeedMore(next)
          }}
        >
          Show older ({total - Math.min(shown, history.length)} more)
        </button>
      )}
    </div>
  )
}
