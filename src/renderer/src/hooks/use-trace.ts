import { useCallback, useEffect, useReducer, useRef } from 'react'
import type { PartitionProgress, TraceEvent, TraceInput, TraceStats, TraceVerdict } from '../../../shared/contract'
import { compareEvents } from '../../../shared/event-order'
import type { Subscription } from '../../../shared/client'
import { useBackend } from '../backend/context'

export interface TraceState {
  status: 'idle' | 'running' | 'following' | 'done' | 'error'
  entityId: string
  events: TraceEvent[]
  phase?: string
  partitions: PartitionProgress[]
  etaMs: number | null
  stats?: TraceStats
  verdict?: TraceVerdict
  error?: string
}

type Action =
  | { type: 'start'; entityId: string }
  | { type: 'events'; events: TraceEvent[] }
  | { type: 'progress'; phase: string; partitions: PartitionProgress[]; etaMs: number | null; stats: TraceStats }
  | { type: 'done'; verdict: TraceVerdict; stats: TraceStats; follow: boolean }
  | { type: 'following'; verdict: TraceVerdict }
  | { type: 'ended' }
  | { type: 'error'; message: string }

const initial: TraceState = { status: 'idle', entityId: '', events: [], partitions: [], etaMs: null }

function reduce(s: TraceState, a: Action): TraceState {
  switch (a.type) {
    case 'start':
      return { ...initial, status: 'running', entityId: a.entityId }
    case 'events':
      return { ...s, events: [...s.events, ...a.events].sort(compareEvents) }
    case 'progress':
      return { ...s, phase: a.phase, partitions: a.partitions, etaMs: a.etaMs, stats: a.stats }
    case 'done':
      return {
        ...s,
        status: a.follow && !a.stats.cancelled ? 'following' : 'done',
        verdict: a.verdict,
        stats: a.stats,
        etaMs: 0,
      }
    case 'following':
      return { ...s, verdict: a.verdict }
    case 'ended':
      return s.status === 'running' || s.status === 'following' ? { ...s, status: 'done' } : s
    case 'error':
      return { ...s, status: 'error', error: a.message }
  }
}

/** One trace at a time: events stream into the state as found; cancel keeps what was found. */
export function useTrace(profileId: string | undefined) {
  const backend = useBackend()
  const [state, dispatch] = useReducer(reduce, initial)
  const run = useRef<Subscription | undefined>(undefined)

  const start = useCallback(
    (input: Omit<TraceInput, 'id'>) => {
      if (!profileId) return
      run.current?.unsubscribe()
      dispatch({ type: 'start', entityId: input.entityId })
      const follow = input.follow ?? false
      run.current = backend.subscribe(
        'trace.run',
        { ...input, id: profileId },
        {
          event: (u) => {
            if (u.kind === 'events') dispatch({ type: 'events', events: u.events })
            else if (u.kind === 'progress') dispatch({ type: 'progress', ...u })
            else if (u.kind === 'done') dispatch({ type: 'done', verdict: u.verdict, stats: u.stats, follow })
            else dispatch({ type: 'following', verdict: u.verdict })
          },
          end: () => dispatch({ type: 'ended' }),
          error: (err) => dispatch({ type: 'error', message: err.message }),
        },
      )
    },
    [backend, profileId],
  )

  /** Stops the scan (or the live follow); the server still reports the verdict on what it found. */
  const cancel = useCallback(() => run.current?.stop(), [])

  useEffect(() => () => run.current?.unsubscribe(), [])
  return { state, start, cancel }
}
