import type { ThemeChoice } from '../hooks/use-theme'

const choices: ThemeChoice[] = ['light', 'dark', 'system']

export function ThemeToggle({ choice, onChange }: { choice: ThemeChoice; onChange: (c: ThemeChoice) => void }) {
  return (
    <div className="segmented" role="radiogroup" aria-label="Theme">
      {choices.map((c) => (
        <button
          key={c}
          type="button"
          role="radio"
          aria-checked={choice === c}
          data-testid={`theme-${c}`}
          className={choice === c ? 'active' : ''}
          onClick={() => onChange(c)}
        >
          {c}
        </button>
      ))}
    </div>
  )
}
