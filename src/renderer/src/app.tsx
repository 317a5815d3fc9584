import { lazy, Suspense } from 'react'
import { ErrorBoundary } from './components/error-boundary'
import { ProfileSwitcher } from './components/profile-switcher'
import { StatusBar } from './components/status-bar'
import { CommandPalette } from './components/palette/command-palette'
import { ThemeToggle } from './components/theme-toggle'
import { useActiveProfile } from './hooks/use-profiles'
import { useLinkedProfile } from './hooks/use-linked-profile'
import { useAlertNotifications } from './hooks/use-alert-notifications'
import { routes, useRoute, type RouteId } from './hooks/use-route'
import { useTheme } from './hooks/use-theme'
import { ConnectionsPage } from './pages/connections-page'
import { OverviewPage } from './pages/overview-page'

// Charts (recharts) load with the pages that draw them, not with the shell.
const JobsPage = lazy(() => import('./pages/jobs-page').then((m) => ({ default: m.JobsPage })))
const LagPage = lazy(() => import('./pages/lag-page').then((m) => ({ default: m.LagPage })))
const TracePage = lazy(() => import('./pages/trace-page').then((m) => ({ default: m.TracePage })))

function Page({ route }: { route: RouteId }) {
  switch (route) {
    case 'overview':
      return <OverviewPage />
    case 'connections':
      return <ConnectionsPage />
    case 'trace':
      return <TracePage />
    case 'lag':
      return <LagPage />
    case 'jobs':
      return <JobsPage />
  }
}

export function App() {
  const route = useRoute()
  const theme = useTheme()
  const profile = useActiveProfile()
  useLinkedProfile()
  useAlertNotifications()
  return (
    <div className="shell" data-ready={profile ? 'true' : 'false'} data-testid="shell">
      <div className="env-stripe" data-env={profile?.environment ?? 'none'} />
      <nav className="sidebar" aria-label="Main">
        <div className="brand">
          <img src="./favicon.svg" alt="" width={28} height={28} />
          <span>Keytrail</span>
        </div>
        <ul>
          {routes.map((r) => (
            <li key={r.id}>
              <a
                href={`#/${r.id}`}
                className={route === r.id ? 'active' : ''}
                data-testid={`nav-${r.id}`}
                aria-current={route === r.id ? 'page' : undefined}
              >
                {r.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <header className="topbar" data-testid="topbar">
        <ProfileSwitcher />
        <span className="status-spacer" />
        <ThemeToggle choice={theme.choice} onChange={theme.setChoice} />
      </header>
      <main className="content">
        <ErrorBoundary resetKey={route}>
          <Suspense fallback={<p className="muted">Loading…</p>}>
            <Page route={route} />
          </Suspense>
        </ErrorBoundary>
      </main>
      <StatusBar />
      <CommandPalette />
    </div>
  )
}
