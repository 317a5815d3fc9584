import { useState } from 'react'
import type { TraceVerdict } from '../../../../shared/contract'

const tone = { complete: 'ok', 'in-progress': 'muted', stuck: 'bad', 'not-found': 'warn', 'no-flow': 'muted' } as const
/** Findings shown before "Show all": the verdict stays one glance high. */
const FOLDED = 8

export function TraceVerdictPanel({ verdict }: { verdict: TraceVerdict }) {
  const [open, setOpen] = useState(false)
  const counts = new Map<string, number>()
  for (const f of verdict.findings) counts.set(f.kind, (counts.get(f.kind) ?? 0) + (f.omitted ?? 1))
  const shown = open ? verdict.findings : verdict.findings.slice(0, FOLDED)
  return (
    <div className={`panel verdict verdict-${tone[verdict.status]}`} data-testid="trace-verdict">
      <h2>
        <span className={`pill pill-${tone[verdict.status]}`}>{verdict.status}</span> {verdict.summary}
      </h2>
      {verdict.findings.length > 0 && (
        <>
          {(counts.size > 1 || verdict.findings.some((f) => f.omitted)) && (
            <p className="muted finding-counts">{[...counts].map(([kind, n]) => `${kind} × ${n}`).join(' · ')}</p>
          )}
          <ul className="findings" data-testid="findings">
            {shown.map((f, i) => (
              <li key={i} className={`finding-${f.severity}`}>
                <strong>{f.kind}</strong> {f.message}
                {f.events.length > 0 && <span className="muted mono"> {f.events.slice(0, 4).join(', ')}</span>}
              </li>
            ))}
          </ul>
          {verdict.findings.length > FOLDED && (
            <button type="button" className="btn btn-link" onClick={() => setOpen(!open)}>
              {open ? 'Show fewer' : `Show all ${verdict.findings.length} findings`}
            </button>
          )}
        </>
      )}
    </div>
  )
}
