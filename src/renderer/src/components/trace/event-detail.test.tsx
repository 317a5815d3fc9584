import { fireEvent, render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import {
  MAX_DEPTH,
  MAX_HEADERS,
  MAX_KEY_CHARS,
  MAX_PREVIEW_CHARS,
  traceEventSchema,
  type TraceEvent,
} from '../../../../shared/contract'
import { orderEvents } from '../../test-support/fixtures'
import { EventDetail } from './event-detail'
import { TEXT_STEP } from './long-text'

/** Nested arrays `depth` levels deep, ending in the marker the main process puts in their place. */
function deepest(depth: number): unknown {
  let v: unknown = `… nested deeper than ${MAX_DEPTH} levels`
  for (let i = 0; i < depth; i++) v = [v]
  return v
}

/** The biggest event the main process sends: every part at its cap, each cut said so. */
function largest(value: unknown): TraceEvent {
  const [base] = orderEvents('ord-1', ['OrderCreated'])
  return traceEventSchema.parse({
    ...base,
    key: `${'k'.repeat(MAX_KEY_CHARS)}…`,
    headers: Object.fromEntries(Array.from({ length: MAX_HEADERS }, (_, i) => [`h-${i}`, 'v'.repeat(650)])),
    value,
    size: 10 * 1024 * 1024,
    truncation: {
      key: 'key of 1,048,576 characters: the first 4,096 shown',
      value: 'value of 10,485,760 bytes: the first 262,144 characters shown',
      headers: '10,005 headers: the first 100 shown; repeated names and __proto__ shown as "name [n]"',
    },
  })
}

describe('EventDetail of a cut-down event', () => {
  it('says what was cut and puts a 256 KiB value on the page a step at a time', () => {
    render(<EventDetail event={largest('x'.repeat(MAX_PREVIEW_CHARS))} previous={undefined} />)
    expect(screen.getByTestId('truncation-value').textContent).toContain('value of 10,485,760 bytes')
    expect(screen.getByTestId('truncation-headers').textContent).toContain('the first 100 shown')
    expect(screen.getByTestId('truncation-key').textContent).toContain('the first 4,096 shown')
    expect(screen.getByTestId('event-detail').textContent).toContain('10,485,760 bytes')
    const value = screen.getByTestId('event-json')
    expect(value.textContent).toHaveLength(TEXT_STEP)
    expect(screen.getByTestId('event-json-more').textContent).toContain('65,536 of 262,144 characters shown')
    fireEvent.click(screen.getByTestId('event-json-more'))
    expect(value.textContent!.length).toBe(MAX_PREVIEW_CHARS)
    expect(screen.queryByTestId('event-json-more')).toBeNull()
    // 100 headers of 650 characters: over one step too.
    expect(screen.getByTestId('event-headers').textContent!.length).toBe(TEXT_STEP)
    expect(screen.getByTestId('event-headers-more')).toBeTruthy()
  })

  it('renders the deepest value the main process sends, with its marker, and diffs it', () => {
    const previous = largest({ card: 'c'.repeat(10_000) })
    render(<EventDetail event={largest({ card: deepest(MAX_DEPTH) })} previous={previous} />)
    expect(screen.getByTestId('event-json').textContent).toContain(`nested deeper than ${MAX_DEPTH} levels`)
    const diff = screen.getByTestId('event-diff').textContent!
    expect(diff).toContain('changed')
    expect(diff.length).toBeLessThan(2_000)
  })

  it('shows a small event whole, with no truncation note', () => {
    const [event] = orderEvents('ord-1', ['OrderCreated'])
    render(<EventDetail event={event!} previous={undefined} />)
    expect(screen.queryByTestId('truncation-value')).toBeNull()
    expect(screen.queryByTestId('event-json-more')).toBeNull()
    expect(screen.getByTestId('event-json').textContent).toContain('"type": "OrderCreated"')
  })
})
