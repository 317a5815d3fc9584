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
        <p className="muted">No alert rules yet: lag and checkpoint alerts arrive with the Lag and Jobs pages.</p>
      </div>
    </section>
  )
}
