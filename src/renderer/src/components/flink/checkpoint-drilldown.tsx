import type { CheckpointDetailView } from '../../../../shared/contract'
import { fmtBytes, fmtMs } from '../format'

/** One checkpoint per operator: who acknowledged last and what took its time; subtasks on demand. */
export function CheckpointDrilldown({ detail }: { detail: CheckpointDetailView }) {
  return (
    <div data-testid="checkpoint-drilldown">
      <table className="data">
        <thead>
          <tr>
            <th>Operator</th>
            <th className="num">Acks</th>
            <th className="num">End to end</th>
            <th className="num">State</th>
            <th>Last to acknowledge</th>
          </tr>
        </thead>
        <tbody>
          {detail.vertices.map((v) => (
            <tr key={v.id}>
              <td className="wrap">
                <details>
                  <summary>{v.name}</summary>
                  <table className="data nested">
                    <thead>
                      <tr>
                        <th>#</th>
                        <th className="num">End to end</th>
                        <th className="num">Sync</th>
                        <th className="num">Async</th>
                        <th className="num">Alignment</th>
                        <th className="num">Start delay</th>
                        <th className="num">State</th>
                      </tr>
                    </thead>
                    <tbody>
                      {v.subtasks.map((s) => (
                        <tr key={s.index}>
                          <td>{s.index}</td>
                          <td className="num">{fmtMs(s.endToEndMs)}</td>
                          <td className="num">{fmtMs(s.syncMs)}</td>
                          <td className="num">{fmtMs(s.asyncMs)}</td>
                          <td className="num">{fmtMs(s.alignmentMs)}</td>
                          <td className="num">{fmtMs(s.startDelayMs)}</td>
                          <td className="num">{fmtBytes(s.stateSize)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </details>
              </td>
              <td className="num">
                {v.numAcknowledged ?? '—'}/{v.numSubtasks ?? '—'}
              </td>
              <td className="num">{fmtMs(v.endToEndMs)}</td>
              <td className="num">{fmtBytes(v.stateSize)}</td>
              <td>{v.slowest ? `subtask ${v.slowest.index}: ${v.slowest.reason}` : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
