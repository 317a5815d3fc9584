import { useMutation } from '@tanstack/react-query'
import type { Contract, InputOf } from '../../../shared/contract'
import { useBackend } from '../backend/context'

/** Recent records by type or text, to find ids worth tracing. A long read, so a mutation: run on demand, never cached. */
export function useFindIds(profileId: string) {
  const backend = useBackend()
  return useMutation({
    mutationFn: (input: Omit<InputOf<Contract, 'trace.find'>, 'id'>) =>
      backend.call('trace.find', { ...input, id: profileId }),
  })
}

/** A trace map proposed from a sample of recent records, with the evidence for each topic. */
export function useSuggestTraceMap(profileId: string) {
  const backend = useBackend()
  return useMutation({ mutationFn: () => backend.call('trace.suggest', { id: profileId }) })
}
