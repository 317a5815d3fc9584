import { ApiError } from '../../shared/contract/errors'

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }

/** Milliseconds of a duration such as "15m" or "2h". */
export function parseDuration(text: string): number {
  const m = /^(\d+)([smhd])$/.exec(text.trim())
  if (!m) throw new ApiError('INVALID_INPUT', `"${text}" is not a duration such as 30s, 15m, 2h or 7d`)
  return Number(m[1]) * UNITS[m[2]!]!
}

/** A point in time from epoch ms, an ISO time, or a time relative to now ("-15m", "15m ago" style "15m"). */
export function parseTime(spec: number | string, now = Date.now()): number {
  if (typeof spec === 'number') return spec
  const s = spec.trim()
  if (/^\d{12,}$/.test(s)) return Number(s)
  const rel = /^-?(\d+[smhd])$/.exec(s)
  if (rel) return now - parseDuration(rel[1]!)
  if (s === 'now') return now
  const t = Date.parse(s)
  if (Number.isNaN(t))
    throw new ApiError('INVALID_INPUT', `"${spec}" is not a time: use epoch ms, an ISO time, "now" or "-15m"`)
  return t
}
