import { ApiError } from '../../shared/contract'

/**
 * Since when each component has failed its calls: an UNAVAILABLE answer says how long the outage
 * has lasted, which tells an on-call engineer a blip from an incident. A component's first
 * answer ends its outage.
 */
export class Outages {
  private readonly since = new Map<string, number>()

  constructor(private readonly now: () => number = Date.now) {}

  answered(component: string): void {
    this.since.delete(component)
  }

  /** The error to give, with the outage's start when it is UNAVAILABLE. */
  failed(component: string, err: ApiError): ApiError {
    if (err.code !== 'UNAVAILABLE') return err
    // Another component's failure (the state directory's, a lock's) is not this one's outage.
    const own = isRecord(err.details) ? err.details.component : undefined
    if (typeof own === 'string' && own !== component) return err
    const t = this.now()
    const start = this.since.get(component) ?? t
    this.since.set(component, start)
    const details = isRecord(err.details) ? err.details : err.details === undefined ? {} : { cause: err.details }
    return new ApiError('UNAVAILABLE', `${err.message} (failing since ${clock(start)}, ${age(t - start)})`, {
      ...details,
      component,
      unavailableSince: start,
    })
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

const clock = (t: number): string => new Date(t).toISOString().slice(11, 19) + ' UTC'

function age(ms: number): string {
  if (ms < 1000) return 'just now'
  const s = Math.round(ms / 1000)
  return s < 120 ? `${s} s ago` : `${Math.round(s / 60)} min ago`
}
