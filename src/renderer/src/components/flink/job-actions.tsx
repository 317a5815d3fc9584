import type { JobSummary, ProfileView } from '../../../../shared/contract'
import { useJobAction } from '../../hooks/use-flink'
import { useToasts } from '../toasts'

const LABELS = { savepoint: 'Trigger savepoint', stop: 'Stop with savepoint', cancel: 'Cancel job' } as const

/** Savepoint, stop, cancel: only in a read-write profile, each behind a confirmation naming job and profile. */
export function JobActions({ job, profile }: { job: JobSummary; profile: ProfileView }) {
  const { push } = useToasts()
  const action = useJobAction(profile.id, job.jid)
  const disabled = profile.readOnly || job.state !== 'RUNNING' || action.isPending
  const run = (a: keyof typeof LABELS): void => {
    const sure = window.confirm(
      `${LABELS[a]} for job "${job.name}" (${job.jid}) on profile "${profile.name}" (${profile.environment})?`,
    )
    if (!sure) return
    action.mutate(a, {
      onSuccess: (r) => {
        if (r.status === 'COMPLETED') push('info', `${LABELS[r.action]} done${r.location ? `: ${r.location}` : ''}`)
        else push('error', `${LABELS[r.action]} failed: ${r.failure ?? 'unknown reason'}`)
      },
      onError: (e) => push('error', e.message),
    })
  }
  return (
    <div className="job-actions" data-testid="job-actions">
      {(Object.keys(LABELS) as Array<keyof typeof LABELS>).map((a) => (
        <button
          key={a}
          type="button"
          className={`btn ${a === 'cancel' ? 'btn-danger' : ''}`}
          disabled={disabled}
          title={profile.readOnly ? 'This profile is read-only' : undefined}
          data-testid={`action-${a}`}
          onClick={() => run(a)}
        >
          {action.isPending && action.variables === a ? `${LABELS[a]}…` : LABELS[a]}
        </button>
      ))}
      {action.data?.location && (
        <span className="mono muted" data-testid="action-location">
          {action.data.location}
        </span>
      )}
    </div>
  )
}
