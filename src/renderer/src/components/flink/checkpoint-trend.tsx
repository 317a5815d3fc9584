import { useMemo } from 'react'
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Scatter,
  Tooltip,
  XAxis,
  YAxis,
  ComposedChart,
} from 'recharts'
import type { CheckpointsView } from '../../../../shared/contract'
import { fmtBytes, fmtMs, fmtTime } from '../format'

type Row = CheckpointsView['history'][number]

/** Duration and size of every stored checkpoint over time; failures as red marks. */
export function CheckpointTrend({ history }: { history: Row[] }) {
  const data = useMemo(
    () =>
      history.map((r) => ({
        t: r.triggerTimestamp,
        duration: r.status === 'COMPLETED' ? r.durationMs : null,
        failed: r.status === 'FAILED' ? (r.durationMs ?? 0) : null,
        stateSize: r.status === 'COMPLETED' ? r.stateSize : null,
        checkpointedSize: r.status === 'COMPLETED' ? r.checkpointedSize : null,
      })),
    [history],
  )
  if (data.length < 2) return <p className="muted">Not enough checkpoints stored yet for a trend.</p>
  return (
    <div className="trend" data-testid="checkpoint-trend">
      <ResponsiveContainer width="100%" height={200}>
        <ComposedChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
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
            type="monotone"
            dataKey="duration"
            name="end-to-end duration"
            stroke="var(--accent)"
            dot={false}
            isAnimationActive={false}
            connectNulls
          />
          <Scatter dataKey="failed" name="failed" fill="var(--bad)" isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
      <ResponsiveContainer width="100%" height={160}>
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
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
            type="monotone"
            dataKey="stateSize"
            name="full state size"
            stroke="var(--ok)"
            dot={false}
            isAnimationActive={false}
            connectNulls
          />
          <Line
            type="monotone"
            dataKey="checkpointedSize"
            name="checkpointed size"
            stroke="var(--warn)"
            dot={false}
            isAnimationActive={false}
            connectNulls
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  )
}
