import type { HandlersOf } from './handlers-of'
import type { Services } from './services'

export function traceHandlers({ trace }: Services): HandlersOf<'trace'> {
  return {
    'trace.run': async (input, emit, signal) => trace.run(input, emit, signal),
    'trace.find': async (input) => trace.find(input),
    'trace.suggest': async ({ id, topics }) => trace.suggest(id, topics),
  }
}
