import type { ClusterView } from '../../../../shared/contract'
import { fmtMs } from '../format'
import { RelativeTime } from '../relative-time'

export function JobList({ cluster, selected }: { cluster: ClusterView; selected: string | undefined }) {
  return (
    <div className="panel job-list" data-testid="job-list">
      <h2>
        Flink {cluster.version}{' '}
        <span className="muted">
          · {cluster.taskManagers.length} TM · {cluster.slotsAvailable}/{cluster.slotsTotal} slots free
        </span>
      </h2>
      <ul>
        {cluster.jobs.map((j) => (
          <li key={j.jid}>
            <a
              href={`#/jobs/${encodeURIComponent(j.name)}`}
              className={selected === j.name ? 'active' : ''}
              data-testid={`job-${j.name}`}
            >
              <span className={`state state-${j.state.toLowerCase()}`}>{j.state}</span>
              <span className="job-name">{j.name}</span>
              <span className="muted">{fmtMs(j.durationMs)}</span>
            </a>
          </li>
        ))}
        {cluster.jobs.length === 0 && <li className="muted">No jobs on this cluster.</li>}
      </ul>
      <h2 className="subhead">Task managers</h2>
      <table className="data nested-tight" data-testid="task-managers">
        <thead>
          <tr>
            <th>Id</th>
            <th className="num">Slots free</th>
            <th className="num">Heartbeat</th>
          </tr>
        </thead>
        <tbody>
          {cluster.taskManagers.map((t) => (
            <tr key={t.id}>
              <td className="mono" title={t.id}>
                {t.id.length > 18 ? `${t.id.slice(0, 18)}…` : t.id}
              </td>
              <td className="num">
                {t.freeSlots ?? '—'}/{t.slots ?? '—'}
              </td>
              <td className="num">{t.lastHeartbeat ? <RelativeTime at={t.lastHeartbeat} /> : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
