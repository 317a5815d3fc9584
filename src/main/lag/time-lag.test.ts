import { describe, expect, it } from 'vitest'
import { EndOffsetTable, lagSeconds } from './time-lag'

describe('estimated time lag', () => {
  it('interpolates between the samples that bracket the offset', () => {
    const t = new EndOffsetTable()
    t.add(100, 1000)
    t.add(200, 2000)
    t.add(400, 3000)
    expect(t.producedAt(150)).toBe(1500)
    expect(t.producedAt(300)).toBe(2500)
    expect(lagSeconds(4000, t.producedAt(300))).toBe(1.5)
  })

  it('extrapolates outside the table and needs two distinct offsets', () => {
    const t = new EndOffsetTable()
    t.add(100, 1000)
    expect(t.producedAt(50)).toBeNull()
    t.add(100, 1500)
    expect(t.producedAt(50)).toBeNull()
    t.add(200, 2500)
    expect(t.producedAt(50)).toBe(1000) // from (100, 1500) and (200, 2500)
  })
})
