import { useMemo } from 'react'
import type { LagHistory } from '../../../../shared/contract'
import { SeriesChart, useWidth, type Row } from '../series-chart'
import { fmtCount, fmtRate, fmtSeconds } from './lag-format'

/** Lag in messages and seconds, and produce vs consume rate, over the chosen range. */
export function LagCharts({ history }: { history: LagHistory }) {
  const [box, width] = useWidth<HTMLDivElement>()
  const rows = useMemo<Row[]>(
    () =>
      history.points.map((p) => ({
        t: p.t,
        lag: p.lag,
        lagSeconds: p.lagSeconds,
        produceRate: p.produceRate,
        consumeRate: p.consumeRate,
      })),
    [history],
  )
  return (
    <div className="trend" ref={box} data-testid="lag-charts">
      {rows.length < 2 && <p className="muted">Not enough samples in this range yet: one is taken every 10 s.</p>}
      {width > 0 && rows.length >= 2 && (
        <>
          <SeriesChart
            width={width}
            height={180}
            data={rows}
            format={(v) => fmtCount(Math.round(v))}
            series={[{ key: 'lag', name: 'lag (messages)', color: 'var(--accent)' }]}
          />
          <SeriesChart
            width={width}
            height={160}
            data={rows}
            format={(v) => fmtSeconds(v)}
            series={[{ key: 'lagSeconds', name: 'worst time lag', color: 'var(--warn)' }]}
          />
          <SeriesChart
            width={width}
            height={160}
            data={rows}
            format={fmtRate}
            series={[
              { key: 'produceRate', name: 'produce rate', color: 'var(--ok)' },
              { key: 'consumeRate', name: 'consume rate', color: 'var(--bad)' },
            ]}
          />
        </>
      )}
    </div>
  )
}

/**
 * One cell per partition and sample, darker with more lag: a wide topic's stuck partition shows
 * as a dark row where a line chart would hide it among hundreds.
 */
export function PartitionHeatmap({ history }: { history: LagHistory }) {
  const keys = Object.keys(history.partitions).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
  const times = history.points.map((p) => p.t)
  if (keys.length === 0 || times.length < 2) return null
  const max = Math.max(1, ...keys.flatMap((k) => history.partitions[k]!.map((r) => r[1])))
  const cols = Math.min(120, times.length)
  const step = Math.ceil(times.length / cols)
  const cell = 8
  return (
    <div className="heatmap" data-testid="partition-heatmap">
      <svg
        width={160 + cols * cell}
        height={keys.length * cell + 4}
        role="img"
        aria-label="Lag per partition over time"
      >
        {keys.map((k, row) => {
          const rowData = history.partitions[k]!
          return (
            <g key={k}>
              <text x={0} y={row * cell + cell - 1} fontSize={8} fill="var(--text-muted)">
                {k}
              </text>
              {Array.from({ length: cols }, (_, c) => {
                const r = rowData[Math.min(rowData.length - 1, c * step)]
                const lag = r?.[1] ?? 0
                return (
                  <rect
                    key={c}
                    x={160 + c * cell}
                    y={row * cell}
                    width={cell - 1}
                    height={cell - 1}
                    fill="var(--bad)"
                    opacity={0.08 + 0.92 * (lag / max)}
                  >
                    <title>{`${k}: lag ${lag}`}</title>
                  </rect>
                )
              })}
            </g>
          )
        })}
      </svg>
    </div>
  )
}
