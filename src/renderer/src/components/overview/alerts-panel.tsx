import { useNotificationPermission } from '../../hooks/use-alert-notifications'
import { useAckAlert, useAlerts, useSnoozeAlert } from '../../hooks/use-overview'
import { RelativeTime } from '../relative-time'

/** Active alerts with acknowledge and snooze, then the last events. */
export function AlertsPanel() {
  const { data } = useAlerts()
  const ack = useAckAlert()
  const snooze = useSnoozeAlert()
  // The desktop app notifies from its main process; the browser host does it here.
  const notifications = useNotificationPermission()
  const notifyButton =
    !window.keytrail && notifications.permission === 'default' ? (
      <button type="button" className="btn btn-small" onClick={notifications.ask} data-testid="enable-notifications">
        Notify me on this desktop
      </button>
    ) : null
  if (!data) return <p className="muted">Reading alerts…</p>
  return (
    <div data-testid="alerts">
      {notifyButton}
      {data.active.length === 0 ? (
        <p className="muted">
          No alert is firing. Built-in rules watch every profile: Kafka or Flink unreachable, offline partitions, jobs
          failing or restarting, checkpoints failing, groups stalled or stopped.
        </p>
      ) : (
        <ul className="alert-list">
          {data.active.map((a) => (
            <li
              key={a.key}
              data-state={a.state}
              data-profile={a.profileId}
              data-subject={a.problem.subject}
              data-testid="alert"
            >
              <span className={`sev sev-${a.problem.severity}`}>{a.state}</span>
              <a className="alert-summary" href={a.problem.link} title={a.problem.summary}>
                {a.problem.summary}
              </a>
              <span className="muted">
                fired <RelativeTime at={a.firedAt} />
              </span>
              <span className="alert-actions">
                {a.state !== 'acknowledged' ? (
                  <button type="button" className="btn btn-small" onClick={() => ack.mutate(a.key)}>
                    Acknowledge
                  </button>
                ) : null}
                <button
                  type="button"
                  className="btn btn-small"
                  onClick={() => snooze.mutate({ key: a.key, for: '15m' })}
                >
                  Snooze 15 min
                </button>
                <button
                  type="button"
                  className="btn btn-small"
                  onClick={() => snooze.mutate({ key: a.key, for: '1h' })}
                >
                  1 h
                </button>
                <button
                  type="button"
                  className="btn btn-small"
                  onClick={() => snooze.mutate({ key: a.key, for: 'resolved' })}
                >
                  until resolved
                </button>
              </span>
            </li>
          ))}
        </ul>
      )}
      {data.recent.length > 0 ? (
        <details className="alert-recent">
          <summary>Last 24 h: {data.recent.length} event(s)</summary>
          <ul>
            {data.recent.slice(0, 20).map((e) => (
              <li key={`${e.key}|${e.type}|${e.at}`}>
                <RelativeTime at={e.at} /> · {e.type} · {e.summary}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  )
}
