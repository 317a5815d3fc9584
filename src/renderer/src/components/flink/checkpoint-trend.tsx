import { useLayoutEffect, useMemo, useRef, useState } from 'react'
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis, ComposedChart } from 'recharts'
import type { CheckpointsView } from '../../../../shared/contract'
import { fmtBytes, fmtMs, fmtTime } from '../format'

type Point = CheckpointsView['trend'][number]

const OPERATOR_COLORS = ['var(--accent)', 'var(--ok)', 'var(--warn)', 'var(--bad)', 'var(--text-muted)']

/** One line per operator (state size or duration) over time. */
function OperatorChart({
  width,
  data,
  operators,
  format,
  label,
}: {
  width: number
  data: Array<Record<string, number>>
  operators: CheckpointsView['operatorTrend']['operators']
  format: (v: number) => string
  label: string
}) {
  return (
    <LineChart width={width} height={160} data={data} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
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
      {operators.map((o, i) => (
        <Line
          key={o.id}
          type="linear"
          dataKey={o.id}
          name={`${label}: ${o.name.length > 40 ? `${o.name.slice(0, 40)}…` : o.name}`}
          stroke={OPERATOR_COLORS[i % OPERATOR_COLORS.length]}
          dot={false}
          isAnimationActive={false}
          connectNulls
        />
      ))}
    </LineChart>
  )
}

/** A red mark where a bucket holds failed checkpoints; nothing elsewhere. */
function FailedDot(props: { cx?: number; cy?: number; payload?: { failed: number }; index?: number }) {
  if (!props.payload?.failed || props.cx === undefined || props.cy === undefined) return <g key={props.index} />
  return <circle key={props.index} cx={props.cx} cy={props.cy} r={4} fill="var(--bad)" />
}

/** Duration (max and mean per bucket) and size over all stored history; failures as red marks. */
export function CheckpointTrend({
  trend,
  operatorTrend,
}: {
  trend: Point[]
  operatorTrend: CheckpointsView['operatorTrend']
}) {
  const perOperator = useMemo(() => operatorTrend.points.map((p) => ({ t: p.t, ...p.sizes })), [operatorTrend])
  const perOperatorDuration = useMemo(
    () => operatorTrend.points.map((p) => ({ t: p.t, ...p.durations })),
    [operatorTrend],
  )
  const data = useMemo(
    () => trend.map((p) => ({ ...p, failedAt: p.failed > 0 ? (p.durationMaxMs ?? 0) : null })),
    [trend],
  )
  // Measured once before paint (and on resize): the charts draw in the first frame, not the second.
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
      {data.length < 2 && <p className="muted">Not enough checkpoints stored yet for a trend.</p>}
      {width > 0 && data.length >= 2 && (
        <>
          <ComposedChart width={width} height={200} data={data} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
            <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
            <XAxis
              dataKey="t"
              type="number"
              domain={['dataMin', 'dataMax']}
              tickFormatter={fmtTime}
              stroke="var(--text-muted)"
              fontSize={11}
            />
            <YAxis tickFormatter={(v: number) => fmtMs(v)} stroke="var(--text-muted)" fontSize={11} width={64} />
            <Tooltip
              labelFormatter={(v) => fmtTime(Number(v))}
              formatter={(v) => fmtMs(Number(v))}
              contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)' }}
            />
            <Legend />
            <Line
              type="linear"
              dataKey="durationMaxMs"
              name="longest duration"
              stroke="var(--accent)"
              dot={false}
              isAnimationActive={false}
              connectNulls
            />
            <Line
              type="linear"
              dataKey="failedAt"
              name="failed"
              stroke="none"
              dot={FailedDot}
              activeDot={false}
              legendType="circle"
              isAnimationActive={false}
            />
          </ComposedChart>
          <LineChart width={width} height={160} data={data} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
            <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
            <XAxis
              dataKey="t"
              type="number"
              domain={['dataMin', 'dataMax']}
              tickFormatter={fmtTime}
              stroke="var(--text-muted)"
              fontSize={11}
            />
            <YAxis tickFormatter={(v: number) => fmtBytes(v)} stroke="var(--text-muted)" fontSize={11} width={64} />
            <Tooltip
              labelFormatter={(v) => fmtTime(Number(v))}
              formatter={(v) => fmtBytes(Number(v))}
              contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)' }}
            />
            <Legend />
            <Line
              type="linear"
              dataKey="stateSize"
              name="full state size"
              stroke="var(--ok)"
              dot={false}
              isAnimationActive={false}
              connectNulls
            />
            <Line
              type="linear"
              dataKey="checkpointedSize"
              name="checkpointed size"
              stroke="var(--warn)"
              dot={false}
              isAnimationActive={false}
              connectNulls
            />
          </LineChart>
          {perOperator.length >= 2 && (
            <OperatorChart
              width={width}
              data={perOperator}
              operators={operatorTrend.operators}
              format={fmtBytes}
              label="state"
            />
          )}
          {perOperatorDuration.length >= 2 && (
            <OperatorChart
              width={width}
              data={perOperatorDuration}
              operators={operatorTrend.operators}
              format={fmtMs}
              label="duration"
            />
          )}
        </>
      )}
    </div>
  )
}
