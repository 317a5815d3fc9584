import { useState } from 'react'
import type { GroupDetail, ProfileView } from '../../../shared/contract'
import { AlertRules } from '../components/lag/alert-rules'
import { GroupsTable } from '../components/lag/groups-table'
import { LagCharts, PartitionHeatmap } from '../components/lag/lag-charts'
import { fmtCount, fmtRate, fmtSeconds } from '../components/lag/lag-format'
import { VerdictPill } from '../components/lag/verdict-pill'
import { RelativeTime } from '../components/relative-time'
import { fmtMs } from '../components/format'
import { Segmented } from '../components/segmented'
import { useLagGroup, useLagGroups, useLagHistory } from '../hooks/use-lag'
import { useActiveProfile } from '../hooks/use-profiles'
import { useRouteParams } from '../hooks/use-route'
import { CopyLink } from '../components/copy-link'

const RANGES = [
  { label: '15 min', value: 15 * 60_000 },
  { label: '1 h', value: 3_600_000 },
  { label: '6 h', value: 6 * 3_600_000 },
  { label: '24 h', value: 86_400_000 },
  { label: '7 days', value: 7 * 86_400_000 },
]

function FlinkPanel({ d }: { d: GroupDetail }) {
  const f = d.flink
  if (!f) return null
  return (
    <div className="panel" data-testid="flink-lag">
      <h2>
        Flink job <a href={`#/jobs/${encodeURIComponent(f.name)}`}>{f.name}</a> <span className="muted">{f.state}</span>
      </h2>
      <dl className="kv kv-wide">
        <dt>Pending records (source)</dt>
        <dd data-testid="pending-records">{fmtCount(f.pendingRecords)}</dd>
        <dt>Emit event-time lag</dt>
        <dd>{f.currentEmitEventTimeLagMs === null ? '—' : fmtMs(f.currentEmitEventTimeLagMs)}</dd>
        <dt>Checkpoints</dt>
        <dd>
          every {fmtMs(f.checkpointIntervalMs)}
          {f.lastCheckpointAt ? (
            <>
              {' '}
              · last completed <RelativeTime at={f.lastCheckpointAt} />
            </>
          ) : null}
        </dd>
        <dt>Why the figures differ</dt>
        <dd className="muted">{f.explanation}</dd>
      </dl>
    </div>
  )
}

function PartitionsTable({ d }: { d: GroupDetail }) {
  const flink = d.flink !== null
  return (
    <div className="table-wrap">
      <table className="data" data-testid="partitions-table">
        <thead>
          <tr>
            <th>Partition</th>
            <th className="num">Committed</th>
            <th className="num">Log end</th>
            <th className="num">Lag</th>
            <th className="num">Time lag</th>
            {flink && <th className="num">Flink position</th>}
            <th className="num">Produce</th>
            <th className="num">Consume</th>
            <th className="num">Catch-up</th>
            <th>Owner</th>
            <th>Verdict</th>
          </tr>
        </thead>
        <tbody>
          {d.partitions.map((p) => (
            <tr key={`${p.topic}/${p.partition}`}>
              <td className="mono">
                {p.topic}/{p.partition}
              </td>
              <td className="num">{fmtCount(p.committedOffset)}</td>
              <td className="num">{fmtCount(p.logEndOffset)}</td>
              <td className="num">{fmtCount(p.lag)}</td>
              <td className="num" title={p.lagSecondsKind ?? undefined}>
                {fmtSeconds(p.lagSeconds, p.lagSecondsKind)}
                {p.lagSecondsKind && <span className="muted"> {p.lagSecondsKind === 'exact' ? 'exact' : 'est.'}</span>}
              </td>
              {flink && <td className="num">{fmtCount(p.flinkCurrentOffset ?? null)}</td>}
              <td className="num">{fmtRate(p.produceRate)}</td>
              <td className="num">{fmtRate(p.consumeRate)}</td>
              <td className="num">{p.catchUpSeconds === null ? '—' : fmtSeconds(p.catchUpSeconds)}</td>
              <td className="muted">
                {p.owner ? `${p.owner.clientId} ${p.owner.host}` : flink ? 'Flink (assign)' : '—'}
              </td>
              <td>
                <VerdictPill verdict={p.verdict} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function GroupPage({ profile, group }: { profile: ProfileView; group: string }) {
  const [range, setRange] = useState(RANGES[1]!.value)
  const { data, error } = useLagGroup(profile.id, group)
  const history = useLagHistory(profile.id, group, range)
  if (error) return <div className="panel panel-error">{error.message}</div>
  if (!data) return <p className="muted">Sampling {group}…</p>
  const s = data.summary
  return (
    <section className="page page-wide" data-testid="page-lag-group">
      <header className="page-header">
        <h1>
          <a href="#/lag">Lag</a> / {s.group}
        </h1>
        <VerdictPill verdict={s.verdict} />
        <span className="status-spacer" />
        <CopyLink profileId={profile.id} link={{ view: 'lag', group: s.group }} />
      </header>
      <div className="cards">
        <div className="panel">
          <h2>Lag</h2>
          <p className="big" data-testid="group-lag">
            {fmtCount(s.totalLag)} msgs · {fmtSeconds(s.maxLagSeconds, s.lagSecondsKind)}
          </p>
          <p className="muted">
            {s.state} · {s.members} member(s) · {s.protocol || 'no protocol'} · sampled{' '}
            <RelativeTime at={data.sampledAt} />
          </p>
        </div>
        <div className="panel">
          <h2>Verdict</h2>
          <p data-testid="verdict-reason">{s.verdict.reason}</p>
          <p className="muted">Burrow&apos;s rules over the last {s.verdict.window} commits</p>
        </div>
        <div className="panel">
          <h2>Alerts</h2>
          {s.alerts.length ? (
            <ul className="nested-tight">
              {s.alerts.map((a) => (
                <li key={a} className="error-text">
                  {a}
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">{data.rules ? 'No rule fires' : 'No rules'}</p>
          )}
          <AlertRules profileId={profile.id} group={group} rules={data.rules} />
        </div>
      </div>
      <FlinkPanel d={data} />
      <div className="panel">
        <header className="panel-header">
          <h2>History</h2>
          <Segmented label="Range" options={RANGES} value={range} onChange={setRange} />
        </header>
        {history.data ? <LagCharts history={history.data} /> : <p className="muted">Loading…</p>}
        {history.data && <PartitionHeatmap history={history.data} />}
      </div>
      <div className="panel">
        <h2>Partitions</h2>
        <PartitionsTable d={data} />
      </div>
    </section>
  )
}

export function LagPage() {
  const profile = useActiveProfile()
  const [group] = useRouteParams()
  const { data, error, pushError } = useLagGroups(profile?.id)
  if (!profile) return <p className="muted">Loading…</p>
  if (group) return <GroupPage profile={profile} group={group} />
  return (
    <section className="page page-wide" data-testid="page-lag">
      <header className="page-header">
        <h1>Lag</h1>
        <CopyLink profileId={profile.id} link={{ view: 'lag' }} />
        {data && (
          <span className="muted">
            sampled <RelativeTime at={data.sampledAt} /> · every {fmtMs(data.intervalMs)}
          </span>
        )}
      </header>
      {error && <div className="panel panel-error">{error.message}</div>}
      {pushError && data && (
        <div className="panel panel-error" role="alert" data-testid="lag-unreachable">
          Not current: {pushError.message}. The figures below are the last sample, taken{' '}
          <RelativeTime at={data.sampledAt} />; retrying.
        </div>
      )}
      {data?.historyUnsaved && (
        <div className="panel panel-warn" role="status" data-testid="lag-history-unsaved">
          Lag history is not being recorded: {data.historyUnsaved}. The figures are current; the charts miss these
          samples.
        </div>
      )}
      {!data && !error && <p className="muted">Reading consumer groups…</p>}
      {data && <GroupsTable groups={data.groups} />}
    </section>
  )
}
