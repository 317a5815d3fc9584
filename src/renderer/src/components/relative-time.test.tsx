import { act, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { RelativeTime } from './relative-time'

describe('RelativeTime', () => {
  afterEach(() => vi.useRealTimers())

  it('ticks every second on one shared timer, however many are on screen', () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 11, 7, 3, 0, 0) })
    const at = Date.now() - 5_000
    const interval = vi.spyOn(globalThis, 'setInterval')
    const { unmount } = render(
      <ul>
        {Array.from({ length: 50 }, (_, i) => (
          <li key={i} data-testid="row">
            <RelativeTime at={at} />
          </li>
        ))}
      </ul>,
    )
    expect(screen.getAllByText('5s ago')).toHaveLength(50)
    expect(interval).toHaveBeenCalledTimes(1)
    act(() => vi.advanceTimersByTime(2_000))
    expect(screen.getAllByText('7s ago')).toHaveLength(50)
    unmount()
    expect(vi.getTimerCount()).toBe(0)
  })
})
