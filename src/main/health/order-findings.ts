import { finding, type Finding } from './derive'
import type { OrderFacts } from './watched-orders'

/** A pinned order whose last trace says stuck; it clears when the story moves on or completes. */
export function orderFindings(profileId: string, o: OrderFacts): Finding[] {
  return o.orders
    .filter((w) => w.status === 'stuck')
    .map((w) =>
      finding(profileId, {
        severity: 'warning',
        kind: 'order-stuck',
        subject: { type: 'order', name: w.entityId },
        summary: `Order ${w.entityId}: ${w.summary ?? 'stuck'}`,
        evidence: { verdict: w.status, pinnedAt: w.pinnedAt, checkedAt: w.checkedAt },
        observedAt: w.checkedAt ?? o.observedAt,
        link: { view: 'trace', id: w.entityId },
      }),
    )
}
