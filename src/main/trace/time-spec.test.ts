import { describe, expect, it } from 'vitest'
import { parseDuration, parseTime } from './time-spec'

describe('time specs', () => {
  it('reads durations and refuses anything else as INVALID_INPUT', () => {
    expect(parseDuration('30s')).toBe(30_000)
    expect(parseDuration(' 2h ')).toBe(7_200_000)
    expect(parseDuration('7d')).toBe(7 * 86_400_000)
    for (const bad of ['15', '1w', '-5m', 'm5', ''])
      expect(() => parseDuration(bad)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }))
  })

  it('reads epoch ms (number or digits), ISO, now and relative times', () => {
    expect(parseTime(42)).toBe(42)
    expect(parseTime('1780000000000')).toBe(1_780_000_000_000)
    expect(parseTime('now', 5)).toBe(5)
    expect(parseTime('-15m', 1_000_000)).toBe(100_000)
    expect(parseTime('15m', 1_000_000)).toBe(100_000)
    expect(parseTime('2026-01-01T00:00:00Z')).toBe(Date.UTC(2026, 0, 1))
    expect(() => parseTime('tomorrow')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }))
  })
})
