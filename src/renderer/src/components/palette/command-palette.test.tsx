import { fireEvent, screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { demoGroups, localProfile, T0 } from '../../test-support/fixtures'
import { inMemoryBackend } from '../../test-support/in-memory-backend'
import { renderWithBackend } from '../../test-support/render'
import { CommandPalette } from './command-palette'

function paletteBackend() {
  return inMemoryBackend({
    calls: {
      'profiles.list': () => ({ profiles: [localProfile], activeId: 'local' }),
      'lag.groups': () => ({ sampledAt: T0, intervalMs: 10_000, groups: demoGroups }),
    },
  })
}

describe('the command palette', () => {
  it('opens on Ctrl-K, traces a pasted id on Enter, and closes on Escape', async () => {
    renderWithBackend(<CommandPalette />, paletteBackend())
    expect(screen.queryByTestId('palette')).toBeNull()
    fireEvent.keyDown(window, { key: 'k', ctrlKey: true })
    const box = await screen.findByRole('combobox')
    fireEvent.change(box, { target: { value: 'ord-4711' } })
    expect((await screen.findAllByRole('option'))[0]!.getAttribute('aria-selected')).toBe('true')
    fireEvent.keyDown(box, { key: 'Enter' })
    expect(window.location.hash).toBe('#/trace/ord-4711?profile=local')
    expect(screen.queryByTestId('palette')).toBeNull()
    fireEvent.keyDown(window, { key: 'K', metaKey: true })
    fireEvent.keyDown(await screen.findByRole('combobox'), { key: 'Escape' })
    await waitFor(() => expect(screen.queryByTestId('palette')).toBeNull())
  })

  it('moves through the matches with the arrow keys and jumps to the group chosen', async () => {
    renderWithBackend(<CommandPalette />, paletteBackend())
    fireEvent.keyDown(window, { key: 'k', ctrlKey: true })
    const box = await screen.findByRole('combobox')
    fireEvent.change(box, { target: { value: 'service' } })
    await waitFor(() => expect(screen.getAllByRole('option').length).toBeGreaterThan(1))
    const options = screen.getAllByRole('option')
    const target = options.findIndex(
      (o) => /shipping-service/.test(o.textContent ?? '') && /group/i.test(o.textContent ?? ''),
    )
    expect(target).toBeGreaterThan(0)
    for (let i = 0; i < target; i++) fireEvent.keyDown(box, { key: 'ArrowDown' })
    expect(screen.getAllByRole('option')[target]!.getAttribute('aria-selected')).toBe('true')
    fireEvent.keyDown(box, { key: 'Enter' })
    expect(window.location.hash).toBe('#/lag/shipping-service?profile=local')
  })
})
