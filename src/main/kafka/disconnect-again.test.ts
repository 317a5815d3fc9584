import { afterEach, describe, expect, it, vi } from 'vitest'
import { disconnectNowAndLater } from './disconnect-again'

describe('disconnectNowAndLater', () => {
  afterEach(() => vi.useRealTimers())

  it('disconnects now and again after each delay, whatever the earlier ones did', async () => {
    vi.useFakeTimers()
    let calls = 0
    const disconnect = vi.fn(async () => {
      calls++
      if (calls === 1) throw new Error('a connect in flight')
    })
    await disconnectNowAndLater(disconnect, [45_000, 120_000])
    expect(disconnect).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(45_000)
    expect(disconnect).toHaveBeenCalledTimes(2)
    await vi.advanceTimersByTimeAsync(75_000)
    expect(disconnect).toHaveBeenCalledTimes(3)
    await vi.advanceTimersByTimeAsync(600_000)
    expect(disconnect).toHaveBeenCalledTimes(3)
  })
})
