import { useCallback, useMemo, useState, type MouseEvent } from 'react'
import type { TraceEvent } from '../../../../shared/contract'
import { LANE, LEFT, TOP } from './timeline-geometry'

export interface TimelineViewport {
  /** The whole story's time range, padded a little on both sides. */
  extent: readonly [number, number]
  /** Time shown: [from, to], `span` wide, centred on `center`. */
  from: number
  to: number
  span: number
  center: number
  zoomed: boolean
  /** Plot width in pixels (the lanes' names take LEFT pixels before it). */
  plot: number
  x: (t: number) => number
  zoomBy: (factor: number, at?: number) => void
  panTo: (center: number) => void
  fit: () => void
  /** The time and lane under a pointer on the SVG. */
  pointAt: (ev: MouseEvent<SVGSVGElement>) => { t: number; lane: number }
}

function extentOf(events: readonly TraceEvent[]): readonly [number, number] {
  if (!events.length) return [0, 1]
  const min = events[0]!.timestamp
  const max = events[events.length - 1]!.timestamp
  const pad = Math.max(50, (max - min) * 0.04)
  return [min - pad, max + pad]
}

/** Zoom and pan over sorted events, and the time-to-pixel scale of a plot `width` wide. */
export function useTimelineViewport(events: readonly TraceEvent[], width: number): TimelineViewport {
  const extent = useMemo(() => extentOf(events), [events])
  const [zoom, setZoom] = useState<{ span: number; center: number } | null>(null)
  const full = extent[1] - extent[0]
  const span = Math.min(full, zoom?.span ?? full)
  const center = zoom?.center ?? extent[0] + full / 2
  const from = Math.max(extent[0], Math.min(center - span / 2, extent[1] - span))
  const plot = Math.max(100, width - LEFT - 20)
  // Stable while the view does not move, so that layers memoized on it are not recomputed.
  const x = useCallback((t: number) => LEFT + ((t - from) / span) * plot, [from, span, plot])
  return {
    extent,
    from,
    to: from + span,
    span,
    center,
    zoomed: span < full,
    plot,
    x,
    zoomBy: (f, at = center) => setZoom({ span: Math.max(10, Math.min(full, span * f)), center: at }),
    panTo: (c) => setZoom({ span, center: c }),
    fit: () => setZoom(null),
    pointAt: (ev) => {
      const rect = ev.currentTarget.getBoundingClientRect()
      return {
        t: from + ((ev.clientX - rect.left - LEFT) / plot) * span,
        lane: Math.floor((ev.clientY - rect.top - TOP) / LANE),
      }
    },
  }
}
