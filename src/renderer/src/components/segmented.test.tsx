import { fireEvent, render, screen } from '@testing-library/react'
import { useState } from 'react'
import { describe, expect, it } from 'vitest'
import { Segmented } from './segmented'

const RANGES = [
  { value: 900_000, label: '15 min' },
  { value: 3_600_000, label: '1 h', testId: 'range-1h' },
] as const

function Picker({ seen }: { seen: number[] }) {
  const [value, setValue] = useState<number>(900_000)
  return (
    <Segmented
      label="Range"
      options={RANGES}
      value={value}
      onChange={(v) => {
        seen.push(v)
        setValue(v)
      }}
    />
  )
}

describe('Segmented', () => {
  it('is a labelled group of toggle buttons, exactly one pressed, that reports the value picked', () => {
    const seen: number[] = []
    render(<Picker seen={seen} />)
    const group = screen.getByRole('group', { name: 'Range' })
    const pressed = () => screen.getAllByRole('button', { pressed: true }).map((b) => b.textContent)
    expect(group.querySelectorAll('button')).toHaveLength(2)
    expect(pressed()).toEqual(['15 min'])
    fireEvent.click(screen.getByTestId('range-1h'))
    expect(seen).toEqual([3_600_000])
    expect(pressed()).toEqual(['1 h'])
    expect(screen.getByRole('button', { name: '1 h' }).className).toBe('active')
  })
})
