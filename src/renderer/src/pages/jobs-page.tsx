import { useState } from 'react'
import type { CheckpointsView } from '../../../shared/contract'
import { CheckpointDrilldown } from '../components/flink/checkpoint-drilldown'
import { CheckpointTable } from '../components/flink/checkpoint-table'
import { CheckpointTrend } from '../components/flink/checkpoint-trend'
import { DetectorsPanel } from '../components/flink/detectors-panel'
import { JobList } from '../components/flink/job-list'
import { fmtMs } from '../components/format'
import { useCheckpointDetail, useCheckpoints, useCluster } from '../hooks/use-flink'
import { useActiveProfile } from '../hooks/use-profiles'
import { useRouteParams } from '../hooks/use-route'

function Counts({ view }: { view: CheckpointsView }) {
  const c = view.counts
  const cfg = view.config
  return (
    <div className="panel" data-testid="checkpoint-summary">
      <h2>Checkpoints</h2>
      <dl className="kv kv-wide">
        <dt>Counts</dt>
        <dd data-testid="checkpoint-counts">
          {c.completed} completed · {c.failed} failed · {c.inProgress} in progress · {c.restored} restored
        </dd>
        <dt>Latest completed</dt>
        <dd>
          {view.latest.completed ? `#${view.latest.completed.id} in ${fmtMs(view.latest.completed.durationMs)}` : '—'}
        </dd>
        <dt>Latest failed</dt>
        <dd className={view.latest.failed ? 'error-text' : ''}>
          {view.latest.failed ? `#${view.latest.failed.id}: ${view.latest.failed.failureMessage ?? ''}` : '—'}
        </dd>
        <dt>Latest savepoint</dt>
        <dd className="mono">{view.latest.savepoint?.externalPath ?? '—'}</dd>
        <dt>Restored from</dt>
        <dd className="mono">
          {view.latest.restored ? `#${view.latest.restored.id} ${view.latest.restored.externalPath ?? ''}` : '—'}
        </dd>
        <dt>Configuration</dt>
        <dd data-testid="checkpoint-config">
          {cfg
            ? `every ${fmtMs(cfg.intervalMs)}, timeout ${fmtMs(cfg.timeoutMs)}, min pause ${fmtMs(cfg.minPauseMs)}, ${cfg.mode ?? '?'}, max concurrent ${cfg.maxConcurrent ?? '?'}, ${cfg.unaligned ? 'unaligned' : 'aligned'}, ${cfg.retention ?? ''}, backend ${cfg.stateBackend ?? '?'}, storage ${cfg.storage ?? '?'}`
            : 'checkpointing is off for this job'}
        </dd>
        <dt>Stored by Keytrail</dt>
        <dd>{view.historyTotal} checkpoints (Flink itself keeps the last 10)</dd>
      </dl>
    </div>
  )
}

function JobCheckpoints({ profileId, job }: { profileId: string; job: string }) {
  const { data: view, error } = useCheckpoints(profileId, job)
  const [selected, setSelected] = useState<{ jid: string; id: number }>()
  const detail = useCheckpointDetail(profileId, selected?.jid, selected?.id)
  if (error) return <div className="panel panel-error">{error.message}</div>
  if (!view) return <p className="muted">Loading checkpoints of {job}…</p>
  return (
    <div className="job-detail" data-testid="job-detail">
      <header className="page-header">
        <h2 className="job-title">{view.job.name}</h2>
        <span className={`state state-${view.job.state.toLowerCase()}`}>{view.job.state}</span>
        <span className="mono muted">{view.job.jid}</span>
      </header>
      <DetectorsPanel detectors={view.detectors} />
      <Counts view={view} />
      <div className="panel">
        <h2>Trends</h2>
        <CheckpointTrend history={view.history} />
      </div>
      <div className="panel">
        <h2>History</h2>
        <CheckpointTable
          history={view.history}
          selected={selected?.id}
          onSelect={(r) => setSelected({ jid: r.jobId, id: r.id })}
        />
      </div>
      {selected && (
        <div className="panel">
          <h2>Checkpoint #{selected.id}</h2>
          {detail.data ? (
            <CheckpointDrilldown detail={detail.data} />
          ) : detail.error ? (
            <p className="error-text">
              {detail.error.message.includes('HTTP 404')
                ? 'Flink no longer has the details of this checkpoint (it keeps the last 10).'
                : detail.error.message}
            </p>
          ) : (
            <p className="muted">Loading…</p>
          )}
        </div>
      )}
    </div>
  )
}

export function JobsPage() {
  const profile = useActiveProfile()
  const [jobParam] = useRouteParams()
  const cluster = useCluster(profile?.flink ? profile.id : undefined)
  return (
    <section className="page page-wide" data-testid="page-jobs">
      <header className="page-header">
        <h1>Jobs &amp; Checkpoints</h1>
      </header>
      {!profile?.flink && profile && (
        <div className="panel empty-state">
          Profile {profile.name} has no Flink REST URL. Add one under Connections.
        </div>
      )}
      {cluster.error && <div className="panel panel-error">{cluster.error.message}</div>}
      {cluster.data && (
        <div className="split">
          <JobList cluster={cluster.data} selected={jobParam} />
          <div>
            {jobParam && profile ? (
              <JobCheckpoints key={jobParam} profileId={profile.id} job={jobParam} />
            ) : (
              <div className="panel empty-state">Choose a job to see its checkpoints.</div>
            )}
          </div>
        </div>
      )}
    </section>
  )
}
