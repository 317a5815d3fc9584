import { fmtMs } from '../format'

export function fmtSeconds(s: number | null | undefined, kind?: 'exact' | 'estimated' | null): string {
  if (s === null || s === undefined) return '—'
  return `${fmtMs(s * 1000)}${kind === 'estimated' ? ' ~' : ''}`
}

export function fmtRate(r: number | null | undefined): string {
  if (r === null || r === undefined) return '—'
  return `${r >= 100 ? Math.round(r) : r.toFixed(1)}/s`
}

export const fmtCount = (n: number | null | undefined) => (n === null || n === undefined ? '—' : n.toLocaleString())
