import type { CheckpointsView } from '../../../../shared/contract'

export function DetectorsPanel({ detectors }: { detectors: CheckpointsView['detectors'] }) {
  const firing = detectors.filter((d) => d.firing)
  return (
    <div className="panel" data-testid="detectors">
      <h2>
        Detectors{' '}
        {firing.length > 0 ? (
          <span className="pill pill-bad">{firing.length} firing</span>
        ) : (
          <span className="pill pill-ok">all clear</span>
        )}
      </h2>
      <ul className="detectors">
        {detectors.map((d) => (
          <li key={d.id} data-testid={`detector-${d.id}`} data-firing={d.firing}>
            <span
              className={`dot ${d.firing ? (d.severity === 'critical' ? 'dot-bad' : 'dot-unknown') : 'dot-ok'}`}
              aria-hidden="true"
            />
            <strong>{d.title}</strong>
            <span className="muted">{d.evidence}</span>
          </li>
        ))}
      </ul>
    </div>
  )
}
