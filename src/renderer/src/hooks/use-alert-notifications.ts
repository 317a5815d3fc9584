import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useCallback } from 'react'
import type { AlertEvent } from '../../../shared/contract'
import { notificationKeys } from './query-keys'
import { usePush } from './use-push'

type Permission = NotificationPermission | 'unsupported'

const permissionNow = (): Permission => (typeof Notification === 'undefined' ? 'unsupported' : Notification.permission)

/** One desktop notification per fired or resolved alert; clicking it opens the alert's view. */
export function notifyAlert(e: AlertEvent): Notification | undefined {
  if (permissionNow() !== 'granted' || (e.type !== 'fired' && e.type !== 'resolved')) return undefined
  const title = `${e.type === 'fired' ? e.severity.toUpperCase() : 'Resolved'} · ${e.profileId}`
  const n = new Notification(title, { body: e.summary, tag: `${e.key}|${e.type}` })
  n.onclick = () => {
    window.focus()
    location.hash = e.link
    n.close()
  }
  return n
}

/** Whether this page may notify, and how to ask (it must be asked on a click). */
export function useNotificationPermission(): { permission: Permission; ask: () => void } {
  const client = useQueryClient()
  const { data } = useQuery({ queryKey: notificationKeys.permission(), queryFn: permissionNow, staleTime: Infinity })
  const ask = useCallback(() => {
    if (typeof Notification === 'undefined') return
    void Notification.requestPermission().then((p) => client.setQueryData(notificationKeys.permission(), p))
  }, [client])
  return { permission: data ?? permissionNow(), ask }
}

/**
 * Browser-mode notifications, wherever the user is in the console (the desktop app notifies from its
 * main process): alert events pushed by the core become `Notification`s once allowed.
 */
export function useAlertNotifications(): void {
  const { permission } = useNotificationPermission()
  const enabled = !window.keytrail && permission === 'granted'
  usePush('alerts.events', enabled ? {} : undefined, 'alert-events', (e) => {
    notifyAlert(e)
  })
}
