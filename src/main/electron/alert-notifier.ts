import type { AlertEvent } from '../../shared/contract'
import type { Router } from '../api/router'

/** What the notifier needs of Electron's `Notification`. */
export interface DesktopNotification {
  on(event: 'click', listener: () => void): unknown
  show(): void
}

export type MakeNotification = (options: {
  title: string
  body: string
  urgency: 'critical' | 'normal'
}) => DesktopNotification

/**
 * Desktop notifications of the app: one per fired or resolved alert, evaluated in the main process
 * whether or not a window shows the Overview; a click opens the alert's view.
 */
export function notifyAlerts(router: Router, make: MakeNotification, open: (hash: string) => void): () => void {
  const onEvent = (e: AlertEvent): void => {
    if (e.type !== 'fired' && e.type !== 'resolved') return
    const n = make({
      title: `${e.type === 'fired' ? e.severity.toUpperCase() : 'Resolved'} · ${e.profileId}`,
      body: e.summary,
      urgency: e.type === 'fired' && e.severity === 'critical' ? 'critical' : 'normal',
    })
    n.on('click', () => open(e.link))
    n.show()
  }
  const sub = router.subscribe(
    'alerts.events',
    {},
    { event: (data) => onEvent(data as AlertEvent), end: () => undefined, error: () => undefined },
    { transport: 'ipc' },
  )
  return () => sub.unsubscribe()
}
