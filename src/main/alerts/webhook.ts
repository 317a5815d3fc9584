import type { AlertEvent } from '../../shared/contract/alerts'

const icon = { fired: '🔴', resolved: '✅', acknowledged: '👀', snoozed: '💤' } as const

/** The body a team channel receives: the event, and a Slack-compatible `text`. */
export function webhookBody(e: AlertEvent): Record<string, unknown> {
  const when = new Date(e.at).toISOString().replace('T', ' ').slice(0, 19)
  const text = `${icon[e.type]} [${e.profileId}] ${e.type.toUpperCase()} ${e.severity}: ${e.summary} (${e.subject}, ${when} UTC)`
  return { ...e, text }
}

/** Posts one event; a team host must keep evaluating when the webhook is down, so it never throws. */
export async function postWebhook(url: string, e: AlertEvent, timeoutMs = 5_000): Promise<boolean> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(webhookBody(e)),
      signal: AbortSignal.timeout(timeoutMs),
    })
    await res.body?.cancel()
    if (!res.ok) process.stderr.write(`[keytrail] webhook answered HTTP ${res.status}\n`)
    return res.ok
  } catch (err) {
    process.stderr.write(`[keytrail] webhook not reached: ${err instanceof Error ? err.message : String(err)}\n`)
    return false
  }
}
