import type { Services } from './services'
import type { HandlersOf } from './handlers-of'

export function profileHandlers({ profiles }: Services): HandlersOf<'profiles'> {
  return {
    'profiles.list': async () => profiles.list(),
    'profiles.save': async ({ profile, secrets }) => profiles.save(profile, secrets),
    'profiles.remove': async ({ id }) => profiles.remove(id),
    'profiles.setActive': async ({ id }) => profiles.setActive(id),
    'profiles.setReadOnly': async (input) => profiles.setReadOnly(input),
    'profiles.test': async ({ id }) => profiles.test(id),
  }
}
