import { useLayoutEffect, useRef, useState, type ReactElement, type RefObject } from 'react'
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts'
import { fmtTime } from './format'

export type Row = Record<string, number | null>

export interface Series {
  key: string
  name: string
  color: string
  /** Marks instead of a line (failures). */
  marks?: boolean
}

export const COLORS = ['var(--accent)', 'var(--ok)', 'var(--warn)', 'var(--bad)', 'var(--text-muted)']

/** A red mark where a bucket holds failed checkpoints; nothing elsewhere. */
function FailedDot(props: { cx?: number; cy?: number; payload?: { failed?: number }; index?: number }): ReactElement {
  if (!props.payload?.failed || props.cx === undefined || props.cy === undefined) return <g key={props.index} />
  return <circle key={props.index} cx={props.cx} cy={props.cy} r={4} fill="var(--bad)" />
}

/** One time-series chart: the axes, grid, tooltip and legend every trend here shares. */
export function SeriesChart({
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

/** An element's width, measured before paint and on resize: charts draw in the first frame. */
export function useWidth<E extends HTMLElement>(): [RefObject<E | null>, number] {
  const box = useRef<E>(null)
  const [width, setWidth] = useState(0)
  useLayoutEffect(() => {
    const el = box.current
    if (!el) return
    setWidth(el.clientWidth)
    const ro = new ResizeObserver(() => setWidth(el.clientWidth))
    ro.observe(el)
    return () => ro.disconnect()
  }, [])
  return [box, width]
}
