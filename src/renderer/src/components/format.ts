export { fmtBytes, fmtMs } from '../../../shared/format'

export function fmtTime(ts: number | null | undefined): string {
  if (!ts) return '—'
  return new Date(ts).toLocaleTimeString([], { hour12: false })
}
