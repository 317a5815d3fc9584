import { useState } from 'react'
import type { CheckpointsView, ProfileView } from '../../../shared/contract'
import { hasErrorCode } from '../backend/errors'
import { CheckpointDrilldown } from '../components/flink/checkpoint-drilldown'
import { CheckpointTable } from '../components/flink/checkpoint-table'
import { CheckpointTrend } from '../components/flink/checkpoint-trend'
import { DetectorsPanel } from '../components/flink/detectors-panel'
import { JobActions } from '../components/flink/job-actions'
import { JobExceptions } from '../components/flink/job-exceptions'
import { JobGraph } from '../components/flink/job-graph'
import { JobList } from '../components/flink/job-list'
import { fmtMs } from '../components/format'
import { Segmented } from '../components/segmented'
import { useCheckpointDetail, useCheckpoints, useCluster, useJobDetail } from '../hooks/use-flink'
import { useActiveProfile } from '../hooks/use-profiles'
import { useRouteParams } from '../hooks/use-route'
import { CopyLink } from '../components/copy-link'

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
        <dd>
          {view.historyTotal} checkpoints (Flink itself keeps the last 10)
          {view.historyUnsaved && (
            <span className="text-warn" role="status" data-testid="history-unsaved">
              {' '}
              · not storing new ones: {view.historyUnsaved}; they are stored once it is writable again
            </span>
          )}
        </dd>
      </dl>
    </div>
  )
}

const TABS = ['checkpoints', 'graph', 'exceptions', 'configuration'] as const
type Tab = (typeof TABS)[number]
const TAB_OPTIONS = TABS.map((t) => ({ value: t, label: t, testId: `tab-${t}` }))

function JobMore({ profile, job, tab }: { profile: ProfileView; job: string; tab: Exclude<Tab, 'checkpoints'> }) {
  const { data, error } = useJobDetail(profile.id, job, true)
  if (error) return <div className="panel panel-error">{error.message}</div>
  if (!data) return <p className="muted">Loading…</p>
  return (
    <div className="panel">
      {tab === 'graph' && (
        <>
          <h2>
            Job graph <span className="muted">· {data.restarts ?? 0} restart(s)</span>
          </h2>
          <JobGraph view={data} />
          <h2 className="subhead">Kafka</h2>
          <dl className="kv kv-wide" data-testid="job-kafka">
            <dt>Reads</dt>
            <dd>{data.kafka.sourceTopics.join(', ') || '—'}</dd>
            <dt>Writes</dt>
            <dd>{data.kafka.sinkTopics.join(', ') || '—'}</dd>
            <dt>Consumer groups</dt>
            <dd>
              {data.kafka.consumerGroups.length
                ? data.kafka.consumerGroups.map((g) => (
                    <a key={g} href={`#/lag/${encodeURIComponent(g)}`} className="link-chip">
                      {g}
                    </a>
                  ))
                : '—'}
            </dd>
          </dl>
          <h2 className="subhead">Status timeline</h2>
          <ol className="timeline">
            {data.timeline.map((t) => (
              <li key={t.status}>
                <strong>{t.status}</strong> {new Date(t.at).toLocaleString()}
              </li>
            ))}
          </ol>
        </>
      )}
      {tab === 'exceptions' && (
        <>
          <h2>Exceptions</h2>
          <JobExceptions exceptions={data.exceptions} />
        </>
      )}
      {tab === 'configuration' && (
        <>
          <h2>Configuration</h2>
          <dl className="kv kv-wide" data-testid="job-config">
            {Object.entries(data.config).map(([k, v]) => (
              <div key={k} className="kv-row">
                <dt>{k}</dt>
                <dd className="mono">{v}</dd>
              </div>
            ))}
          </dl>
        </>
      )}
    </div>
  )
}

function JobView({ profile, job }: { profile: ProfileView; job: string }) {
  const [tab, setTab] = useState<Tab>('checkpoints')
  const profileId = profile.id
  const [limit, setLimit] = useState(500)
  const { data: view, error } = useCheckpoints(profileId, job, limit)
  if (error) return <div className="panel panel-error">{error.message}</div>
  if (!view) return <p className="muted">Loading checkpoints of {job}…</p>
  return (
    <div className="job-detail" data-testid="job-detail">
      <header className="page-header">
        <h2 className="job-title">{view.job.name}</h2>
        <span className={`state state-${view.job.state.toLowerCase()}`}>{view.job.state}</span>
        <span className="mono muted">{view.job.jid}</span>
        <span className="status-spacer" />
        <CopyLink
          profileId={profileId}
          link={{ view: 'jobs', job: view.job.name, checkpoints: tab === 'checkpoints' }}
        />
        <JobActions job={view.job} profile={profile} />
      </header>
      <Segmented label="Job views" className="tabs" options={TAB_OPTIONS} value={tab} onChange={setTab} />
      {tab !== 'checkpoints' ? (
        <JobMore profile={profile} job={job} tab={tab} />
      ) : (
        <CheckpointsTab view={view} profileId={profileId} onNeedMore={(n) => setLimit((l) => Math.max(l, n))} />
      )}
    </div>
  )
}

function CheckpointsTab({
  view,
  profileId,
  onNeedMore,
}: {
  view: CheckpointsView
  profileId: string
  onNeedMore: (count: number) => void
}) {
  // `#/jobs/<job>/checkpoints/<id>` opens with that checkpoint's details.
  const [, sub, cp] = useRouteParams()
  const [selected, setSelected] = useState<{ jid: string; id: number } | undefined>(() =>
    sub === 'checkpoints' && /^\d+$/.test(cp ?? '') ? { jid: view.job.jid, id: Number(cp) } : undefined,
  )
  const detail = useCheckpointDetail(profileId, selected?.jid, selected?.id)
  return (
    <>
      <DetectorsPanel detectors={view.detectors} />
      <Counts view={view} />
      <div className="panel">
        <h2>Trends</h2>
        <CheckpointTrend trend={view.trend} operatorTrend={view.operatorTrend} />
      </div>
      <div className="panel">
        <h2>History</h2>
        <CheckpointTable
          history={view.history}
          total={view.historyTotal}
          onNeedMore={onNeedMore}
          selected={selected?.id}
          onSelect={(r) => setSelected({ jid: r.jobId, id: r.id })}
        />
      </div>
      {selected && (
        <div className="panel">
          <header className="page-header">
            <h2>Checkpoint #{selected.id}</h2>
            <CopyLink profileId={profileId} link={{ view: 'jobs', job: view.job.name, checkpoint: selected.id }} />
          </header>
          {detail.data ? (
            <CheckpointDrilldown detail={detail.data} />
          ) : detail.error ? (
            <p className="error-text">
              {hasErrorCode(detail.error, 'NOT_FOUND')
                ? 'Flink no longer has the details of this checkpoint (it keeps the last 10).'
                : detail.error.message}
            </p>
          ) : (
            <p className="muted">Loading…</p>
          )}
        </div>
      )}
    </>
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
        {profile && <CopyLink profileId={profile.id} link={{ view: 'jobs' }} />}
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
              <JobView key={jobParam} profile={profile} job={jobParam} />
            ) : (
              <div className="panel empty-state">Choose a job to see its checkpoints.</div>
            )}
          </div>
        </div>
      )}
    </section>
  )
}
