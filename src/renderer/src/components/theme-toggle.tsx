import type { ThemeChoice } from '../hooks/use-theme'
import { Segmented } from './segmented'

const choices = (['light', 'dark', 'system'] as const).map((c) => ({ value: c, label: c, testId: `theme-${c}` }))

export function ThemeToggle({ choice, onChange }: { choice: ThemeChoice; onChange: (c: ThemeChoice) => void }) {
  return <Segmented label="Theme" options={choices} value={choice} onChange={onChange} />
}
