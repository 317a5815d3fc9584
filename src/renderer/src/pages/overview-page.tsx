import { ConnectionReportView } from '../components/connection-report'
import { CopyLink } from '../components/copy-link'
import { AlertsPanel } from '../components/overview/alerts-panel'
import { ClusterTiles } from '../components/overview/cluster-tiles'
import { ProblemList } from '../components/overview/problem-list'
import { TimelinePanel } from '../components/overview/timeline-panel'
import { useHealth } from '../hooks/use-health'
import { useFigureTrail, useOverview } from '../hooks/use-overview'
import { useActiveProfile } from '../hooks/use-profiles'

/** What is wrong now, across every profile, with one click to the view that shows why. */
export function OverviewPage() {
  const profile = useActiveProfile()
  const report = useOverview()
  const trail = useFigureTrail()
  const connection = useHealth(profile?.id)
  const all = report?.profiles.flatMap((p) => p.problems) ?? []
  const problems = all.filter((p) => p.severity !== 'info').length
  const notes = all.length - problems
  return (
    <section className="page" data-testid="page-overview">
      <header className="page-header">
        <h1>Overview</h1>
        <p className="muted">
          {report
            ? `${report.profiles.length} profile(s) · ${problems ? `${problems} problem(s)` : 'all clear'}${notes ? ` · ${notes} note(s)` : ''}`
            : 'Reading every profile…'}
        </p>
        <span className="status-spacer" />
        {profile && <CopyLink profileId={profile.id} link={{ view: 'overview' }} />}
      </header>
      <div className="panel">
        <h2>Problems</h2>
        {report ? <ProblemList report={report} trail={trail} /> : <p className="muted">Reading every profile…</p>}
      </div>
      {report?.profiles.map((p) => (
        <ClusterTiles key={p.id} profile={p} />
      ))}
      <div className="panel">
        <h2>Alerts</h2>
        <AlertsPanel />
      </div>
      <div className="panel">
        <h2>Timeline (24 h)</h2>
        <TimelinePanel report={report} />
      </div>
      <div className="panel">
        <h2>Connections of {profile?.name ?? 'the active profile'}</h2>
        {connection ? <ConnectionReportView report={connection} /> : <p className="muted">Testing connections…</p>}
      </div>
    </section>
  )
}
