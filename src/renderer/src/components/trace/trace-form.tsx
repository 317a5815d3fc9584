import type { ProfileView } from '../../../../shared/contract'

const WINDOWS = [
  { label: 'Auto (from the first event)', value: '' },
  { label: 'Last 15 min', value: '-15m' },
  { label: 'Last hour', value: '-1h' },
  { label: 'Last 24 h', value: '-24h' },
  { label: 'Last 7 days', value: '-7d' },
]

/** How a trace reads: its time window and switches (the id is typed separately). */
export interface TraceOptions {
  since: string
  fullScan: boolean
  includeAborted: boolean
  follow: boolean
}

export const defaultTraceOptions: TraceOptions = { since: '', fullScan: false, includeAborted: false, follow: false }

const SWITCHES = [
  ['fullScan', 'full scan'],
  ['includeAborted', 'aborted records'],
  ['follow', 'live follow'],
] as const

/** The id to trace, the window and switches, and Trace or Cancel while one runs. */
export function TraceForm({
  profile,
  entityId,
  onEntityId,
  options,
  onOptions,
  status,
  onRun,
  onCancel,
}: {
  profile: ProfileView
  entityId: string
  onEntityId: (id: string) => void
  options: TraceOptions
  onOptions: (options: TraceOptions) => void
  status: 'idle' | 'running' | 'following' | 'done' | 'error'
  onRun: () => void
  onCancel: () => void
}) {
  return (
    <form
      className="panel trace-form"
      onSubmit={(e) => {
        e.preventDefault()
        onRun()
      }}
    >
      <input
        className="trace-id"
        placeholder={`Paste ${profile.trace?.rootKind ?? 'an id'}, e.g. ord-…`}
        value={entityId}
        onChange={(e) => onEntityId(e.target.value)}
        aria-label="Id to trace"
        data-testid="trace-input"
      />
      <select
        value={options.since}
        onChange={(e) => onOptions({ ...options, since: e.target.value })}
        aria-label="Time window"
      >
        {WINDOWS.map((w) => (
          <option key={w.value} value={w.value}>
            {w.label}
          </option>
        ))}
      </select>
      {SWITCHES.map(([key, label]) => (
        <label key={key}>
          <input
            type="checkbox"
            checked={options[key]}
            onChange={(e) => onOptions({ ...options, [key]: e.target.checked })}
          />{' '}
          {label}
        </label>
      ))}
      {status === 'running' || status === 'following' ? (
        <button className="btn btn-danger" type="button" onClick={onCancel} data-testid="trace-cancel">
          {status === 'following' ? 'Stop following' : 'Cancel'}
        </button>
      ) : (
        <button className="btn btn-primary" type="submit" data-testid="trace-run" disabled={!profile.trace}>
          Trace
        </button>
      )}
    </form>
  )
}
