import { useMemo } from 'react'
import { COLORS, SeriesChart, useWidth, type Row, type Series } from '../series-chart'
import type { CheckpointsView } from '../../../../shared/contract'
import { fmtBytes, fmtMs } from '../format'

type Point = CheckpointsView['trend'][number]
const short = (name: string): string => (name.length > 40 ? `${name.slice(0, 40)}…` : name)

/** Duration, sizes and failures over all stored history, per job and per operator. */
export function CheckpointTrend({
  trend,
  operatorTrend,
}: {
  trend: Point[]
  operatorTrend: CheckpointsView['operatorTrend']
}) {
  const jobRows = useMemo<Row[]>(
    () => trend.map((p) => ({ ...p, failedAt: p.failed > 0 ? (p.durationMaxMs ?? 0) : null })),
    [trend],
  )
  const sizeRows = useMemo<Row[]>(() => operatorTrend.points.map((p) => ({ t: p.t, ...p.sizes })), [operatorTrend])
  const durationRows = useMemo<Row[]>(
    () => operatorTrend.points.map((p) => ({ t: p.t, ...p.durations })),
    [operatorTrend],
  )
  const perOperator = (label: string): Series[] =>
    operatorTrend.operators.map((o, i) => ({
      key: o.id,
      name: `${label}: ${short(o.name)}`,
      color: COLORS[i % COLORS.length] ?? 'var(--accent)',
    }))

  const [box, width] = useWidth<HTMLDivElement>()

  return (
    <div className="trend" data-testid="checkpoint-trend" ref={box}>
      {jobRows.length < 2 && <p className="muted">Not enough checkpoints stored yet for a trend.</p>}
      {width > 0 && jobRows.length >= 2 && (
        <>
          <SeriesChart
            width={width}
            height={200}
            data={jobRows}
            format={fmtMs}
            series={[
              { key: 'durationMaxMs', name: 'longest duration', color: 'var(--accent)' },
              { key: 'failedAt', name: 'failed', color: 'var(--bad)', marks: true },
            ]}
          />
          <SeriesChart
            width={width}
            height={160}
            data={jobRows}
            format={fmtBytes}
            series={[
              { key: 'stateSize', name: 'full state size', color: 'var(--ok)' },
              { key: 'checkpointedSize', name: 'checkpointed size', color: 'var(--warn)' },
            ]}
          />
          {sizeRows.length >= 2 && (
            <SeriesChart width={width} height={160} data={sizeRows} format={fmtBytes} series={perOperator('state')} />
          )}
          {durationRows.length >= 2 && (
            <SeriesChart
              width={width}
              height={160}
              data={durationRows}
              format={fmtMs}
              series={perOperator('duration')}
            />
          )}
        </>
      )}
    </div>
  )
}
