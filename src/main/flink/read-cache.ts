/**
 * Short-lived answers of Flink's REST API, shared by everyone who asks within `ttlMs`: the health
 * round, the checkpoint recorder, lag's Flink link and the open views all poll the same resources,
 * and each answer costs a request and a schema validation. In-flight reads are shared too; failures
 * are never kept. A caller's abort ends only its own wait, not the shared read.
 */
export class ReadCache {
  private readonly entries = new Map<string, { at: number; ttlMs: number; value: Promise<unknown> }>()

  constructor(
    private readonly maxEntries = 2_000,
    private readonly now: () => number = Date.now,
  ) {}

  get<T>(key: string, ttlMs: number, load: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const t = this.now()
    let entry = this.entries.get(key)
    if (!entry || t - entry.at > entry.ttlMs) {
      if (this.entries.size >= this.maxEntries) this.evictExpired(t)
      const value = load()
      entry = { at: t, ttlMs, value }
      this.entries.set(key, entry)
      const kept = entry
      value.catch(() => {
        if (this.entries.get(key) === kept) this.entries.delete(key)
      })
    }
    return untilAborted(entry.value as Promise<T>, signal)
  }

  /** Drops every answer (a profile changed, an action ran). */
  clear(): void {
    this.entries.clear()
  }

  get size(): number {
    return this.entries.size
  }

  private evictExpired(t: number): void {
    for (const [k, e] of this.entries) if (t - e.at > e.ttlMs) this.entries.delete(k)
    // Still full: the oldest go (Map keeps insertion order).
    for (const k of this.entries.keys()) {
      if (this.entries.size < this.maxEntries) break
      this.entries.delete(k)
    }
  }
}

function untilAborted<T>(p: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return p
  if (signal.aborted) return Promise.reject(signal.reason)
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
  })
}
