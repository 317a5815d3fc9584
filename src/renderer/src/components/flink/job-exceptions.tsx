import type { JobDetailView } from '../../../../shared/contract'

/** Newest first; the root cause's message up front, the stack trace on demand. */
export function JobExceptions({ exceptions }: { exceptions: JobDetailView['exceptions'] }) {
  if (!exceptions.length) return <p className="muted">No exceptions since the job started.</p>
  return (
    <ul className="exceptions" data-testid="job-exceptions">
      {exceptions.map((e, i) => (
        <li key={`${e.timestamp}-${i}`}>
          <details>
            <summary>
              <span className="error-text">{e.name}</span>: {e.message}
              <span className="muted">
                {' '}
                · {e.timestamp ? new Date(e.timestamp).toLocaleString() : '—'} · {e.taskName ?? 'job'} ·{' '}
                {e.endpoint ?? ''}
              </span>
            </summary>
            <pre className="stacktrace">{e.stacktrace}</pre>
          </details>
        </li>
      ))}
    </ul>
  )
}
