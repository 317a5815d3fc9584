import { ConnectionReportView } from '../components/connection-report'
import { EnvBadge } from '../components/env-badge'
import { useHealth } from '../hooks/use-health'
import { useActiveProfile } from '../hooks/use-profiles'

export function OverviewPage() {
  const profile = useActiveProfile()
  const health = useHealth(profile?.id)
  return (
    <section className="page" data-testid="page-overview">
      <header className="page-header">
        <h1>Overview</h1>
        {profile && (
          <p className="muted">
            {profile.name} <EnvBadge profile={profile} />
          </p>
        )}
      </header>
      <div className="panel">
        <h2>Connections</h2>
        {health ? <ConnectionReportView report={health} /> : <p className="muted">Checking Kafka and Flink…</p>}
      </div>
      <div className="panel">
        <h2>Alerts</h2>
        <p className="muted">
          Alert rules are set per consumer group: open a group on the <a href="#/lag">Lag</a> page; groups whose rules
          fire are marked there.
        </p>
      </div>
    </section>
  )
}
