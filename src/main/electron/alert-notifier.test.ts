import { describe, expect, it } from 'vitest'
import type { AlertEvent } from '../../shared/contract'
import { createRouter, type Handlers } from '../api/router'
import type { Contract } from '../../shared/contract'
import { notifyAlerts, type DesktopNotification } from './alert-notifier'

const fired: AlertEvent = {
  at: Date.UTC(2026, 11, 2, 16, 0, 0),
  type: 'fired',
  key: 'prod|lag-verdict|lag-verdict:group:billing',
  profileId: 'prod',
  ruleId: 'lag-verdict',
  severity: 'critical',
  summary: 'billing STALL: committed offset unchanged',
  link: '#/lag/billing?profile=prod',
  subject: 'group billing',
}

/** Electron's Notification as the tests see it: what was shown, and a click. */
class StandInNotification implements DesktopNotification {
  static made: StandInNotification[] = []
  shown = false
  private click: (() => void) | undefined
  constructor(readonly options: { title: string; body: string; urgency: string }) {
    StandInNotification.made.push(this)
  }
  on(_event: 'click', listener: () => void) {
    this.click = listener
    return this
  }
  show() {
    this.shown = true
  }
  clickIt() {
    this.click?.()
  }
}

describe('desktop alert notifications (Electron main process)', () => {
  it('shows fired and resolved alerts, not acknowledgements, and a click opens the view', async () => {
    let push: ((e: AlertEvent) => void) | undefined
    const handlers = {
      'alerts.events': async (_i: unknown, emit: (e: AlertEvent) => void, signal: AbortSignal) => {
        push = emit
        await new Promise<void>((r) => signal.addEventListener('abort', () => r()))
      },
    } as unknown as Handlers<Contract>
    const opened: string[] = []
    StandInNotification.made = []
    const stop = notifyAlerts(
      createRouter(handlers),
      (o) => new StandInNotification(o),
      (h) => opened.push(h),
    )
    await new Promise((r) => setTimeout(r, 0))
    push?.(fired)
    push?.({ ...fired, type: 'acknowledged' })
    push?.({ ...fired, type: 'resolved', at: fired.at + 60_000 })
    const made = StandInNotification.made
    expect(made.map((n) => [n.options.title, n.shown])).toEqual([
      ['CRITICAL · prod', true],
      ['Resolved · prod', true],
    ])
    expect(made[0]?.options.urgency).toBe('critical')
    made[0]?.clickIt()
    expect(opened).toEqual(['#/lag/billing?profile=prod'])
    stop()
  })
})
