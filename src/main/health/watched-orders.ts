import type { TraceVerdict } from '../../shared/contract'
import type { WatchedOrder } from '../../shared/contract/watch'
import type { WatchStore } from './watch-store'

/** How long a read waits for a round in progress before it answers the last one. */
const QUICK_MS = 3_000

export interface OrderFacts {
  observedAt: number
  orders: WatchedOrder[]
}

export interface WatchedOrdersOptions {
  /** How often the pinned ids are traced again. */
  refreshMs: number
  /** How long one trace may take. */
  traceTimeoutMs: number
}

/** Whether a watch ends after this check: its story completed, or it was stuck and no longer is. */
export function watchEnds(w: WatchedOrder): boolean {
  return w.status === 'complete' || (w.wasStuck && w.status !== 'stuck' && w.status !== null)
}

/** A pinned id after a trace: its verdict, and whether it has ever been stuck. */
export function checked(w: WatchedOrder, v: TraceVerdict, at: number): WatchedOrder {
  const { checkError: _, ...rest } = w
  return { ...rest, status: v.status, summary: v.summary, checkedAt: at, wasStuck: w.wasStuck || v.status === 'stuck' }
}

/**
 * The pinned orders of one profile, traced again every `refreshMs` in the background: a read
 * answers the last result at once (so a slow trace never delays the report), and waits only for
 * the very first round (so a one-shot `keytrail status` sees them too).
 */
export class WatchedOrders {
  private last: OrderFacts | undefined
  private running: Promise<OrderFacts> | undefined
  private readonly stop = new AbortController()

  constructor(
    private readonly profileId: string,
    private readonly store: WatchStore,
    private readonly trace: (entityId: string, signal: AbortSignal) => Promise<TraceVerdict>,
    private readonly options: WatchedOrdersOptions,
  ) {}

  async read(): Promise<OrderFacts> {
    const due = !this.last || Date.now() - this.last.observedAt >= this.options.refreshMs
    if (due && !this.running) {
      this.running = this.refresh().finally(() => (this.running = undefined))
      this.running.catch(() => undefined)
    }
    const running = this.running
    if (!this.last) return (await running) ?? { observedAt: Date.now(), orders: [] }
    if (!running) return this.last
    // A fresh answer if the round is quick; otherwise the last one, and this round serves the next read.
    const last = this.last
    let timer: NodeJS.Timeout | undefined
    const late = new Promise<OrderFacts>((resolve) => (timer = setTimeout(() => resolve(last), QUICK_MS)))
    try {
      return await Promise.race([running.catch(() => last), late])
    } finally {
      clearTimeout(timer)
    }
  }

  private async refresh(): Promise<OrderFacts> {
    const pinned = await this.store.list(this.profileId)
    const out: WatchedOrder[] = []
    // One at a time: each trace holds a Kafka connection.
    for (const w of pinned) {
      if (this.stop.signal.aborted) break
      const signal = AbortSignal.any([this.stop.signal, AbortSignal.timeout(this.options.traceTimeoutMs)])
      try {
        out.push(checked(w, await this.trace(w.entityId, signal), Date.now()))
      } catch (err) {
        // Kafka unreachable (its problem says so) or a trace too slow: the order keeps its last
        // verdict, and says why it is not newer.
        const reason = (err instanceof Error ? err.message : String(err)).slice(0, 1000)
        if (reason !== w.checkError)
          process.stderr.write(`[keytrail] watched ${w.entityId} (${this.profileId}): no verdict: ${reason}\n`)
        out.push({ ...w, checkError: reason })
      }
    }
    const ended = new Set(out.filter(watchEnds).map((w) => w.entityId))
    // The verdicts count from here: a store that cannot be written (a full disk, a held lock) must
    // not keep them from the health report; the ended watches are removed at the next write.
    this.last = { observedAt: Date.now(), orders: out }
    if (out.length)
      await this.store.record(this.profileId, out, ended).catch((err: unknown) => {
        process.stderr.write(`[keytrail] watched orders of ${this.profileId} not saved: ${String(err)}\n`)
      })
    return this.last
  }

  close(): void {
    this.stop.abort()
  }
}
