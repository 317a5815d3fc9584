import { useLayoutEffect, useMemo, useRef, useState, type ReactElement } from 'react'
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts'
import type { CheckpointsView } from '../../../../shared/contract'
import { fmtBytes, fmtMs, fmtTime } from '../format'

type Point = CheckpointsView['trend'][number]
type Row = Record<string, number | null>

interface Series {
  key: string
  name: string
  color: string
  /** Marks instead of a line (failures). */
  marks?: boolean
}

const COLORS = ['var(--accent)', 'var(--ok)', 'var(--warn)', 'var(--bad)', 'var(--text-muted)']

/** A red mark where a bucket holds failed checkpoints; nothing elsewhere. */
function FailedDot(props: { cx?: number; cy?: number; payload?: { failed?: number }; index?: number }): ReactElement {
  if (!props.payload?.failed || props.cx === undefined || props.cy === undefined) return <g key={props.index} />
  return <circle key={props.index} cx={props.cx} cy={props.cy} r={4} fill="var(--bad)" />
}

/** One time-series chart: the axes, grid, tooltip and legend every trend here shares. */
function SeriesChart({
  width,
  height,
  data,
  series,
  format,
}: {
  width: number
  height: number
  data: Row[]
  series: Series[]
  format: (v: number) => string
}) {
  return (
    <LineChart width={width} height={height} data={data} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
      <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
      <XAxis
        dataKey="t"
        type="number"
        domain={['dataMin', 'dataMax']}
        tickFormatter={fmtTime}
        stroke="var(--text-muted)"
        fontSize={11}
      />
      <YAxis tickFormatter={(v: number) => format(v)} stroke="var(--text-muted)" fontSize={11} width={64} />
      <Tooltip
        labelFormatter={(v) => fmtTime(Number(v))}
        formatter={(v) => format(Number(v))}
        contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)' }}
      />
      <Legend />
      {series.map((s) => (
        <Line
          key={s.key}
          type="linear"
          dataKey={s.key}
          name={s.name}
          stroke={s.marks ? 'none' : s.color}
          dot={s.marks ? FailedDot : false}
          activeDot={s.marks ? false : undefined}
          legendType={s.marks ? 'circle' : 'line'}
          isAnimationActive={false}
          connectNulls={!s.marks}
        />
      ))}
    </LineChart>
  )
}

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

  // Measured before paint (and on resize): the charts draw in the first frame, not the second.
  const box = useRef<HTMLDivElement>(null)
  const [width, setWidth] = useState(0)
  useLayoutEffect(() => {
    const el = box.current
    if (!el) return
    setWidth(el.clientWidth)
    const ro = new ResizeObserver(() => setWidth(el.clientWidth))
    ro.observe(el)
    return () => ro.disconnect()
  }, [])

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
