import { useSyncExternalStore } from 'react'

export function formatAgo(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000))
  if (s < 60) return `${s}s ago`
  const m = Math.round(s / 60)
  if (m < 60) return `${m} min ago`
  return `${Math.round(m / 60)} h ago`
}

// One clock for every "ago" on screen: 500 problem rows are one timer and one batched render a
// second, not 500 of each.
const listeners = new Set<() => void>()
let now = Date.now()
let timer: ReturnType<typeof setInterval> | undefined

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  // React compares the snapshot again after subscribing: a clock that slept is caught up at once.
  if (timer === undefined) now = Date.now()
  timer ??= setInterval(() => {
    now = Date.now()
    for (const l of listeners) l()
  }, 1000)
  return () => {
    listeners.delete(listener)
    if (listeners.size === 0 && timer !== undefined) {
      clearInterval(timer)
      timer = undefined
    }
  }
}

/** "12s ago", refreshed every second. */
export function RelativeTime({ at }: { at: number }) {
  const current = useSyncExternalStore(subscribe, () => now)
  return <time dateTime={new Date(at).toISOString()}>{formatAgo(current - at)}</time>
}
