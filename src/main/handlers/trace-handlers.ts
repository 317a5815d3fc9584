import { runFind, runSuggest, runTrace } from '../trace/trace-service'
import type { HandlersOf } from './handlers-of'
import type { Services } from './services'

/** Running traces by runId, so that `trace.stop` ends one and it still reports its verdict. */
export function traceHandlers({ deps }: Services, onClose: Array<() => void>): HandlersOf<'trace'> {
  const { profiles, secrets } = deps
  const traces = new Map<string, AbortController>()
  onClose.push(() => {
    for (const t of traces.values()) t.abort()
  })
  return {
    'trace.run': async (input, emit, signal) => {
      const stop = new AbortController()
      if (input.runId) traces.set(input.runId, stop)
      try {
        await runTrace(await profiles.get(input.id), secrets, input, emit, AbortSignal.any([signal, stop.signal]))
      } finally {
        if (input.runId) traces.delete(input.runId)
      }
    },
    'trace.stop': async ({ runId }) => {
      const run = traces.get(runId)
      run?.abort()
      return { stopped: run !== undefined }
    },
    'trace.find': async (input) => runFind(await profiles.get(input.id), secrets, input, AbortSignal.timeout(120_000)),
    'trace.suggest': async ({ id, topics }) => runSuggest(await profiles.get(id), secrets, topics),
  }
}
