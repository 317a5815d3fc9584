/** Human-readable durations and sizes, the same in the UI, the CLI and detector evidence. */
export function fmtMs(v: number | null | undefined): string {
  if (v === null || v === undefined) return '—'
  if (v < 1000) return `${Math.round(v)} ms`
  if (v < 60_000) return `${(v / 1000).toFixed(1)} s`
  if (v < 3600_000) return `${(v / 60_000).toFixed(1)} min`
  return `${(v / 3600_000).toFixed(1)} h`
}

export function fmtBytes(v: number | null | undefined): string {
  if (v === null || v === undefined) return '—'
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let x = v
  let i = 0
  while (x >= 1024 && i < units.length - 1) {
    x /= 1024
    i++
  }
  return `${x.toFixed(i === 0 || x >= 10 ? 0 : 1)} ${units[i]}`
}
