export interface SegmentedOption<T extends string | number> {
  value: T
  label: string
  testId?: string
}

/**
 * A choice of a few options drawn as one row of buttons (theme, page views, tabs, chart range).
 * ARIA: toggle buttons (aria-pressed) in a labelled group, the one pattern in which every segment stays a native button (e2e finds the trace views by role "button") that Tab reaches without roving focus.
 */
export function Segmented<T extends string | number>({
  label,
  options,
  value,
  onChange,
  className,
}: {
  label: string
  options: readonly SegmentedOption<T>[]
  value: T
  onChange: (value: T) => void
  className?: string
}) {
  return (
    <div className={className ? `segmented ${className}` : 'segmented'} role="group" aria-label={label}>
      {options.map((o) => (
        <button
          key={o.value}
          type="button"
          aria-pressed={o.value === value}
          className={o.value === value ? 'active' : ''}
          data-testid={o.testId}
          onClick={() => onChange(o.value)}
        >
          {o.label}
        </button>
      ))}
    </div>
  )
}
