import type { JobDetailView } from '../../../../shared/contract'
import { fmtTime } from '../format'

function order(view: JobDetailView): JobDetailView['vertices'] {
  const indeg = new Map(view.vertices.map((v) => [v.id, 0]))
  for (const e of view.edges) indeg.set(e.to, (indeg.get(e.to) ?? 0) + 1)
  const out: JobDetailView['vertices'] = []
  const queue = view.vertices.filter((v) => (indeg.get(v.id) ?? 0) === 0)
  while (queue.length) {
    const v = queue.shift()
    if (!v) break
    out.push(v)
    for (const e of view.edges.filter((x) => x.from === v.id)) {
      indeg.set(e.to, (indeg.get(e.to) ?? 1) - 1)
      const next = view.vertices.find((x) => x.id === e.to)
      if (next && indeg.get(e.to) === 0) queue.push(next)
    }
  }
  return out.length === view.vertices.length ? out : view.vertices
}

function Share({ busy, bp, idle }: { busy: number | null; bp: number | null; idle: number | null }) {
  if (busy === null && bp === null && idle === null) return <span className="muted">—</span>
  const pct = (x: number | null): number => Math.round((x ?? 0) * 100)
  return (
    <span className="share" title={`busy ${pct(busy)} % · backpressured ${pct(bp)} % · idle ${pct(idle)} %`}>
      busy {pct(busy)} % · bp {pct(bp)} % · idle {pct(idle)} %
    </span>
  )
}

/** The job graph in data-flow order with live figures per vertex. */
export function JobGraph({ view }: { view: JobDetailView }) {
  const name = new Map(view.vertices.map((v) => [v.id, v.name]))
  return (
    <div className="table-wrap">
      <table className="data" data-testid="job-graph">
        <thead>
          <tr>
            <th>Vertex</th>
            <th className="num">Parallelism</th>
            <th>Status</th>
            <th className="num">Records in</th>
            <th className="num">Records out</th>
            <th>Load</th>
            <th>Backpressure</th>
            <th>Watermark</th>
            <th>Feeds</th>
          </tr>
        </thead>
        <tbody>
          {order(view).map((v) => (
            <tr key={v.id} data-testid={`vertex-${v.id}`}>
              <td className="wrap">{v.name}</td>
              <td className="num">{v.parallelism ?? '—'}</td>
              <td>
                <span className={`state state-${(v.status ?? '').toLowerCase()}`}>{v.status ?? '—'}</span>
              </td>
              <td className="num">{v.recordsIn?.toLocaleString() ?? '—'}</td>
              <td className="num">{v.recordsOut?.toLocaleString() ?? '—'}</td>
              <td>
                <Share busy={v.busyRatio} bp={v.backpressuredRatio} idle={v.idleRatio} />
              </td>
              <td className={v.backpressureLevel === 'high' ? 'error-text' : ''}>{v.backpressureLevel ?? '—'}</td>
              <td>{v.watermark ? fmtTime(v.watermark) : '—'}</td>
              <td className="wrap muted">
                {view.edges
                  .filter((e) => e.from === v.id)
                  .map((e) => `${name.get(e.to) ?? e.to} (${e.shipStrategy ?? '?'})`)
                  .join(', ') || '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
