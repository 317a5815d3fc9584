import { useTransportState, useBackend } from '../backend/context'
import { useHealth } from '../hooks/use-health'
import { useActiveProfile } from '../hooks/use-profiles'
import { RelativeTime } from './relative-time'

function Dot({ state }: { state: 'ok' | 'bad' | 'off' | 'unknown' }) {
  return <span className={`dot dot-${state}`} aria-hidden="true" />
}

export function StatusBar() {
  const backend = useBackend()
  const transport = useTransportState()
  const profile = useActiveProfile()
  const health = useHealth(profile?.id)
  const comp = (reachable: boolean | undefined, configured = true): 'ok' | 'bad' | 'off' | 'unknown' =>
    !configured ? 'off' : reachable === undefined ? 'unknown' : reachable ? 'ok' : 'bad'
  return (
    <footer className="status-bar" data-testid="status-bar">
      <span title={`Transport: ${backend.transport}`}>
        <Dot state={transport === 'open' ? 'ok' : transport === 'connecting' ? 'unknown' : 'bad'} />
        {backend.transport === 'ipc' ? 'Desktop' : 'Browser'} · {transport}
      </span>
      <span data-testid="status-kafka" title={health?.kafka.error}>
        <Dot state={comp(health?.kafka.reachable)} /> Kafka{' '}
        {health ? (health.kafka.reachable ? `${health.kafka.brokerCount} broker(s)` : 'unreachable') : '…'}
      </span>
      <span data-testid="status-flink" title={health?.flink.error}>
        <Dot state={comp(health?.flink.reachable, health?.flink.configured ?? true)} /> Flink{' '}
        {health
          ? !health.flink.configured
            ? 'not configured'
            : health.flink.reachable
              ? health.flink.version
              : 'unreachable'
          : '…'}
      </span>
      <span className="status-spacer" />
      <span className="muted" data-testid="status-freshness">
        {health ? (
          <>
            checked <RelativeTime at={health.checkedAt} />
          </>
        ) : (
          'checking…'
        )}
      </span>
    </footer>
  )
}
