import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { ApiError, type LagSnapshot } from '../../../../shared/contract'
import { LagPage } from '../../pages/lag-page'
import { demoGroups, localProfile, T0 } from '../../test-support/fixtures'
import { inMemoryBackend, type SubscriptionHandler } from '../../test-support/in-memory-backend'
import { renderWithBackend } from '../../test-support/render'

const snapshot = (groups = demoGroups): LagSnapshot => ({ sampledAt: T0, intervalMs: 10_000, groups })

function lagBackend(watch: SubscriptionHandler<'lag.watch'> = () => undefined) {
  return inMemoryBackend({
    calls: {
      'profiles.list': () => ({ profiles: [localProfile], activeId: 'local' }),
      'lag.groups': () => snapshot(),
    },
    subscriptions: { 'lag.watch': watch },
  })
}

/** The group names in the table's row order. */
async function groupOrder(): Promise<string[]> {
  const rows = await screen.findAllByTestId('group-row')
  return rows.map((r) => within(r).getAllByRole('link')[0]!.textContent ?? '')
}

const header = (name: RegExp) => screen.getByRole('button', { name }).closest('th')!

describe('the groups table on the Lag page', () => {
  it('lists the groups worst verdict first, each with a verdict pill in its tone', async () => {
    const backend = lagBackend()
    renderWithBackend(<LagPage />, backend)
    expect(await groupOrder()).toEqual([
      'console-consumer-4711',
      'shipping-service',
      'inventory-service',
      'order-service',
    ])
    const pills = screen.getAllByTestId('verdict')
    expect(pills.map((p) => p.firstChild?.textContent)).toEqual(['STOP', 'STALL', 'WARN', 'OK'])
    expect(pills.map((p) => p.className)).toEqual(['pill pill-bad', 'pill pill-bad', 'pill pill-warn', 'pill pill-ok'])
    expect(pills[1]!.title).toBe('shipping-service is STALL')
    expect(header(/Verdict/).getAttribute('aria-sort')).toBe('descending')
    const shipping = screen.getAllByTestId('group-row')[1]!
    expect(within(shipping).getByText('1 alert(s)')).toBeTruthy()
    expect(within(shipping).getByText('Flink: shipping-service')).toBeTruthy()
    expect(backend.inputsOf('lag.groups')).toEqual([{ id: 'local' }])
  })

  it('sorts a numeric column largest first, reverses on a second click, and text columns A to Z', async () => {
    renderWithBackend(<LagPage />, lagBackend())
    await groupOrder()
    fireEvent.click(screen.getByRole('button', { name: /Lag \(msgs\)/ }))
    expect(await groupOrder()).toEqual([
      'shipping-service',
      'inventory-service',
      'console-consumer-4711',
      'order-service',
    ])
    expect(header(/Lag \(msgs\)/).getAttribute('aria-sort')).toBe('descending')
    expect(header(/Verdict/).getAttribute('aria-sort')).toBe('none')
    fireEvent.click(screen.getByRole('button', { name: /Lag \(msgs\)/ }))
    expect(await groupOrder()).toEqual([
      'order-service',
      'console-consumer-4711',
      'inventory-service',
      'shipping-service',
    ])
    expect(header(/Lag \(msgs\)/).getAttribute('aria-sort')).toBe('ascending')
    fireEvent.click(screen.getByRole('button', { name: /^Group/ }))
    expect(await groupOrder()).toEqual([
      'console-consumer-4711',
      'inventory-service',
      'order-service',
      'shipping-service',
    ])
  })

  it('filters by group name, topic or Flink job', async () => {
    renderWithBackend(<LagPage />, lagBackend())
    await groupOrder()
    fireEvent.change(screen.getByTestId('group-filter'), { target: { value: 'shipments' } })
    expect(await groupOrder()).toEqual(['shipping-service'])
    expect(screen.getByText('1 of 4 groups')).toBeTruthy()
    fireEvent.change(screen.getByTestId('group-filter'), { target: { value: 'PAYMENTS' } })
    expect(await groupOrder()).toEqual(['console-consumer-4711', 'order-service'])
  })

  it('redraws from the snapshot the monitor pushes, without asking again', async () => {
    let push: ((s: LagSnapshot) => void) | undefined
    const backend = lagBackend((_input, sink) => {
      push = sink.event
    })
    renderWithBackend(<LagPage />, backend)
    await groupOrder()
    await waitFor(() => expect(push).toBeDefined())
    const stalled = demoGroups.map((g) =>
      g.group === 'order-service'
        ? { ...g, verdict: { status: 'STOP' as const, reason: 'no commits', window: 10 } }
        : g,
    )
    push!(snapshot(stalled.filter((g) => g.group !== 'console-consumer-4711')))
    await waitFor(async () =>
      expect(await groupOrder()).toEqual(['order-service', 'shipping-service', 'inventory-service']),
    )
    expect(backend.inputsOf('lag.groups')).toHaveLength(1)
  })

  it('says the figures are not current while the watch fails, retries, and clears when a sample arrives', async () => {
    let attempts = 0
    const backend = lagBackend((_input, sink) => {
      attempts += 1
      if (attempts === 1) sink.error(new ApiError('UNAVAILABLE', 'Kafka unreachable since 16:02:11'))
      else sink.event(snapshot())
    })
    renderWithBackend(<LagPage />, backend)
    const banner = await screen.findByTestId('lag-unreachable')
    expect(banner.textContent).toContain('Kafka unreachable since 16:02:11')
    expect(banner.textContent).toContain('last sample')
    await waitFor(() => expect(screen.queryByTestId('lag-unreachable')).toBeNull(), { timeout: 5_000 })
    expect(attempts).toBe(2)
  })
})
