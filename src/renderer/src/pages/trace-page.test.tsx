import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { TraceUpdate } from '../../../shared/contract'
import { localProfile, orderEvents, T0, traceStats } from '../test-support/fixtures'
import { inMemoryBackend, type SubscriptionHandler } from '../test-support/in-memory-backend'
import { renderWithBackend } from '../test-support/render'
import { TracePage } from './trace-page'

const STORY = ['OrderCreated', 'PaymentRequested', 'PaymentReceived', 'OrderConfirmed', 'ShipmentInitiated']

/** A trace as the engine streams it: progress, events in two batches (the later ones first), the verdict, the end. */
const streamStory: SubscriptionHandler<'trace.run'> = ({ entityId }, sink) => {
  const events = orderEvents(entityId, STORY)
  const updates: TraceUpdate[] = [
    {
      kind: 'progress',
      phase: 'scanning',
      partitions: [
        {
          topic: 'orders',
          partition: 0,
          from: 1000,
          to: 1300,
          position: 1100,
          records: 100,
          bytes: 18_000,
          done: false,
        },
      ],
      etaMs: 400,
      stats: traceStats(100),
    },
    { kind: 'events', events: events.slice(3) },
    { kind: 'events', events: events.slice(0, 3) },
    {
      kind: 'done',
      verdict: {
        status: 'stuck',
        summary: `${entityId} stopped after ShipmentInitiated`,
        lastType: 'ShipmentInitiated',
        stuckForMs: 600_000,
        expected: 'ItemShipped',
        findings: [
          {
            kind: 'stuck',
            severity: 'error',
            message: 'ItemShipped expected within 60 s',
            events: ['shipments/1@1204'],
          },
        ],
      },
      stats: traceStats(2_400),
    },
  ]
  const timer = setTimeout(() => {
    for (const u of updates) sink.event(u)
    sink.end()
  }, 5)
  return () => clearTimeout(timer)
}

function traceBackend(run: SubscriptionHandler<'trace.run'> = streamStory) {
  return inMemoryBackend({
    calls: {
      'profiles.list': () => ({ profiles: [localProfile], activeId: 'local' }),
      'trace.find': () => ({
        hits: [
          { entityId: 'ord-2002', type: 'OrderCompleted', topic: 'orders', partition: 2, offset: 881, timestamp: T0 },
        ],
        recordsScanned: 5_120,
        undecodable: 0,
        truncated: false,
        missingTopics: [],
        deniedTopics: [],
      }),
    },
    subscriptions: { 'trace.run': run },
  })
}

const typesInTable = () =>
  screen.getAllByTestId('event-row').map((r) => STORY.find((t) => r.textContent?.includes(t)) ?? r.textContent)

describe('the trace page', () => {
  it('runs the trace a deep link names, at once, and pins the id with Watch', async () => {
    window.location.hash = '#/trace/ord-7?profile=local'
    const pinned: string[] = []
    const watch = (entityId: string) => ({
      profileId: 'local',
      entityId,
      pinnedAt: T0,
      status: null,
      summary: null,
      checkedAt: null,
      wasStuck: false,
    })
    const backend = inMemoryBackend({
      calls: {
        'profiles.list': () => ({ profiles: [localProfile], activeId: 'local' }),
        'watch.list': () => ({ watches: pinned.map(watch) }),
        'watch.set': ({ entityId, on }) => {
          if (on) pinned.push(entityId)
          return { watches: pinned.map(watch) }
        },
      },
      subscriptions: { 'trace.run': streamStory },
    })
    renderWithBackend(<TracePage />, backend)
    await screen.findByTestId('trace-verdict')
    expect(backend.inputsOf('trace.run')).toEqual([expect.objectContaining({ id: 'local', entityId: 'ord-7' })])
    const toggle = await screen.findByTestId('watch-toggle')
    await waitFor(() => expect(toggle.hasAttribute('disabled')).toBe(false))
    fireEvent.click(toggle)
    await waitFor(() => expect(toggle.getAttribute('aria-pressed')).toBe('true'))
    expect(backend.inputsOf('watch.set')).toEqual([{ id: 'local', entityId: 'ord-7', on: true }])
    expect(screen.getByTestId('copy-link').getAttribute('data-href')).toBe('#/trace/ord-7?profile=local')
    window.location.hash = ''
  })

  it('traces an id: its events in time order, the verdict with its findings, an event in detail', async () => {
    const backend = traceBackend()
    renderWithBackend(<TracePage />, backend)
    fireEvent.change(await screen.findByTestId('trace-input'), { target: { value: '  ord-1001 ' } })
    fireEvent.click(screen.getByTestId('trace-run'))

    const verdict = await screen.findByTestId('trace-verdict')
    expect(verdict.textContent).toContain('stuck')
    expect(verdict.textContent).toContain('ord-1001 stopped after ShipmentInitiated')
    expect(within(verdict).getByTestId('findings').textContent).toContain('ItemShipped expected within 60 s')
    expect(typesInTable()).toEqual(STORY)
    expect(screen.getByText('5 event(s) in 3 topic(s)')).toBeTruthy()
    expect(screen.getByTestId('trace-progress').textContent).toContain('2,400 records')
    expect(screen.getByTestId('trace-run')).toBeTruthy()
    expect(window.location.hash).toBe('#/trace/ord-1001?profile=local')
    expect(backend.inputsOf('trace.run')).toEqual([
      expect.objectContaining({
        id: 'local',
        entityId: 'ord-1001',
        fullScan: false,
        includeAborted: false,
        follow: false,
      }),
    ])
    expect(backend.inputsOf('trace.run')[0]).not.toHaveProperty('since')

    fireEvent.click(screen.getAllByTestId('event-row')[2]!)
    const detail = screen.getByTestId('event-detail')
    expect(within(detail).getByTestId('event-json').textContent).toContain('PaymentReceived')
    expect(within(detail).getByTestId('event-diff').textContent).toContain('eventId')
  })

  it('passes the chosen window and switches, and shows Cancel while the trace runs', async () => {
    const backend = traceBackend(() => undefined)
    renderWithBackend(<TracePage />, backend)
    fireEvent.change(await screen.findByTestId('trace-input'), { target: { value: 'ord-1001' } })
    fireEvent.change(screen.getByLabelText('Time window'), { target: { value: '-1h' } })
    fireEvent.click(screen.getByLabelText('full scan'))
    fireEvent.click(screen.getByLabelText('aborted records'))
    fireEvent.click(screen.getByTestId('trace-run'))
    expect((await screen.findByTestId('trace-cancel')).textContent).toBe('Cancel')
    expect(screen.queryByTestId('trace-run')).toBeNull()
    await waitFor(() => expect(backend.inputsOf('trace.run')).toHaveLength(1))
    expect(backend.inputsOf('trace.run')[0]).toMatchObject({
      since: '-1h',
      fullScan: true,
      includeAborted: true,
      follow: false,
    })
  })
})

describe('cancelling a trace', () => {
  it('Cancel stops the subscription, and the verdict on what was read still shows', async () => {
    let unsubscribed = false
    const backend = traceBackend((_input, sink, stopped) => {
      sink.event({
        kind: 'progress',
        phase: 'Scanning the window',
        partitions: [],
        etaMs: null,
        stats: traceStats(500),
      })
      // What the engine does when stopped: its verdict on what it read, then the end.
      stopped.addEventListener('abort', () => {
        sink.event({
          kind: 'done',
          verdict: {
            status: 'not-found',
            summary: 'No events found for this id',
            findings: [
              {
                kind: 'incomplete-window',
                severity: 'warn',
                message: 'Cancelled: the story may be incomplete',
                events: [],
              },
            ],
          },
          stats: traceStats(500, true),
        })
        sink.end()
      })
      return () => (unsubscribed = true)
    })
    renderWithBackend(<TracePage />, backend)
    fireEvent.change(await screen.findByTestId('trace-input'), { target: { value: 'ord-9' } })
    fireEvent.click(screen.getByTestId('trace-run'))
    fireEvent.click(await screen.findByTestId('trace-cancel'))
    expect((await screen.findByTestId('trace-verdict')).textContent).toContain('Cancelled: the story may be incomplete')
    expect(await screen.findByTestId('trace-run')).toBeTruthy()
    expect(backend.inputsOf('trace.run')[0]).not.toHaveProperty('runId')
    expect(unsubscribed).toBe(false)
  })
})

describe('the trace page’s other views', () => {
  it('finds ids by event type and traces the one picked', async () => {
    const backend = traceBackend()
    renderWithBackend(<TracePage />, backend)
    const findView = await screen.findByRole('button', { name: 'Find ids' })
    fireEvent.click(findView)
    expect(findView.getAttribute('aria-pressed')).toBe('true')
    const panel = screen.getByTestId('find-panel')
    fireEvent.change(within(panel).getByPlaceholderText('Event type, e.g. OrderCancelled'), {
      target: { value: 'OrderCompleted' },
    })
    fireEvent.click(within(panel).getByRole('button', { name: 'Find' }))
    expect(await within(panel).findByText('1 hit(s) in 5,120 records')).toBeTruthy()
    expect(backend.inputsOf('trace.find')).toEqual([{ id: 'local', last: '10m', type: 'OrderCompleted', limit: 200 }])

    fireEvent.click(within(panel).getByRole('button', { name: 'ord-2002' }))
    expect(screen.getByRole('button', { name: 'Story' }).getAttribute('aria-pressed')).toBe('true')
    expect((screen.getByTestId('trace-input') as HTMLInputElement).value).toBe('ord-2002')
    expect((await screen.findByTestId('trace-verdict')).textContent).toContain(
      'ord-2002 stopped after ShipmentInitiated',
    )
  })

  it('cannot trace on a profile without a trace map, and says where to make one', async () => {
    const { trace: _none, ...bare } = localProfile
    const backend = inMemoryBackend({
      calls: { 'profiles.list': () => ({ profiles: [bare], activeId: 'local' }) },
    })
    renderWithBackend(<TracePage />, backend)
    expect(((await screen.findByTestId('trace-run')) as HTMLButtonElement).disabled).toBe(true)
    expect(screen.getByText(/This profile has no trace map yet/)).toBeTruthy()
  })
})
