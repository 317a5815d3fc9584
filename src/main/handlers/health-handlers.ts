import { testConnection } from '../profiles/connection-test'
import { sleep } from '../util/sleep'
import type { HandlersOf } from './handlers-of'
import type { Services } from './services'

export function healthHandlers({
  deps,
  health,
  alerts,
  timeline,
  profiles,
  watches,
}: Services): HandlersOf<'health' | 'alerts' | 'timeline' | 'watch'> {
  return {
    'health.status': async ({ id }) => health.report(id),
    'health.overview': async (_input, emit, signal) => health.watch(emit, signal),
    'health.watch': async ({ id, intervalMs }, emit, signal) => {
      while (!signal.aborted) {
        emit(await testConnection(await deps.profiles.get(id), deps.secrets))
        await sleep(intervalMs, signal)
      }
    },
    'watch.set': async ({ id, entityId, on }) => {
      await deps.profiles.get(id) // NOT_FOUND for a profile that does not exist
      return { watches: await watches.set(id, entityId, on) }
    },
    'watch.list': async ({ id }) => ({ watches: await watches.list(id) }),
    'timeline.get': async (input) => timeline.read(input),
    'alerts.list': async ({ limit }) => alerts.list(limit),
    'alerts.ack': async ({ key }) => alerts.ack(key),
    'alerts.snooze': async ({ key, for: span }) => alerts.snooze(key, span),
    'alerts.override': async ({ override, remove }) => {
      profiles.assertEditable('alerts.override')
      return alerts.setOverride(override, remove)
    },
    'alerts.events': async (_input, emit, signal) => alerts.watch(emit, signal),
  }
}
