/** (log-end offset, wall time) samples of one partition: kafka-lag-exporter's lookup table. */
export class EndOffsetTable {
  private readonly rows: { offset: number; t: number }[] = []
  constructor(private readonly capacity = 120) {}

  add(offset: number, t: number): void {
    const last = this.rows[this.rows.length - 1]
    // Keep one row per distinct offset: a flat stretch carries no time information.
    if (last && last.offset === offset) {
      last.t = t
      return
    }
    this.rows.push({ offset, t })
    if (this.rows.length > this.capacity) this.rows.shift()
  }

  /**
   * When the record at `offset` was produced, estimated: interpolated between the two samples
   * that bracket it, or extrapolated from the first and last when none do. Null with fewer than two.
   */
  producedAt(offset: number): number | null {
    const r = this.rows
    if (r.length < 2) return null
    for (let i = 1; i < r.length; i++) {
      const a = r[i - 1]!
      const b = r[i]!
      if (offset >= a.offset && offset <= b.offset) {
        return b.offset === a.offset ? a.t : a.t + ((offset - a.offset) / (b.offset - a.offset)) * (b.t - a.t)
      }
    }
    const a = r[0]!
    const b = r[r.length - 1]!
    if (b.offset === a.offset) return null
    return a.t + ((offset - a.offset) / (b.offset - a.offset)) * (b.t - a.t)
  }
}

/** Seconds behind: now minus when the record at the committed offset was produced (never negative). */
export function lagSeconds(now: number, producedAt: number | null): number | null {
  return producedAt === null ? null : Math.max(0, (now - producedAt) / 1000)
}
