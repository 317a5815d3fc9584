import type { LagVerdict } from '../../../../shared/contract'

const tone: Record<LagVerdict['status'], string> = {
  OK: 'pill-ok',
  WARN: 'pill-warn',
  STALL: 'pill-bad',
  STOP: 'pill-bad',
  REWIND: 'pill-bad',
}

/** A verdict with its reason on hover (and for screen readers). */
export function VerdictPill({ verdict }: { verdict: LagVerdict }) {
  return (
    <span className={`pill ${tone[verdict.status]}`} title={verdict.reason} data-testid="verdict">
      {verdict.status}
      <span className="sr-only">: {verdict.reason}</span>
    </span>
  )
}
