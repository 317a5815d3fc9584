import type { HandlersOf } from './handlers-of'
import type { Services } from './services'

export function lagHandlers({ lag, profiles }: Services): HandlersOf<'lag'> {
  return {
    'lag.groups': async ({ id }) => lag.groups(id),
    'lag.group': async ({ id, group }) => lag.group(id, group),
    'lag.describe': async ({ id, group }) => lag.describe(id, group),
    'lag.history': async ({ id, group, rangeMs }) => lag.history(id, group, rangeMs),
    'lag.watch': async ({ id }, emit, signal) => lag.watch(id, emit, signal),
    'lag.setRules': async ({ id, group, rules }) => {
      profiles.assertEditable('lag.setRules')
      return lag.setRules(id, group, rules)
    },
  }
}
