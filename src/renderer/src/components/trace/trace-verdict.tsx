import type { TraceVerdict } from '../../../../shared/contract'

const tone = { complete: 'ok', 'in-progress': 'muted', stuck: 'bad', 'not-found': 'warn', 'no-flow': 'muted' } as const

export function TraceVerdictPanel({ verdict }: { verdict: TraceVerdict }) {
  return (
    <div className={`panel verdict verdict-${tone[verdict.status]}`} data-testid="trace-verdict">
      <h2>
        <span className={`pill pill-${tone[verdict.status]}`}>{verdict.status}</span> {verdict.summary}
      </h2>
      {verdict.findings.length > 0 && (
        <ul className="findings" data-testid="findings">
          {verdict.findings.map((f, i) => (
            <li key={i} className={`finding-${f.severity}`}>
              <strong>{f.kind}</strong> {f.message}
              {f.events.length > 0 && <span className="muted mono"> {f.events.slice(0, 4).join(', ')}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
