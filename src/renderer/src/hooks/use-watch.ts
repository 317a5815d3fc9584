import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useBackend } from '../backend/context'
import { watchKeys } from './query-keys'

/** The pinned ids of a profile, with their last verdict. */
export function useWatches(profileId: string | undefined) {
  const backend = useBackend()
  return useQuery({
    queryKey: watchKeys.profile(profileId ?? ''),
    queryFn: () => backend.call('watch.list', { id: profileId ?? '' }),
    enabled: Boolean(profileId),
    refetchInterval: 15_000,
  })
}

/** Pins or unpins an id; the list is the server's answer. */
export function useSetWatch(profileId: string) {
  const backend = useBackend()
  const client = useQueryClient()
  return useMutation({
    mutationFn: ({ entityId, on }: { entityId: string; on: boolean }) =>
      backend.call('watch.set', { id: profileId, entityId, on }),
    onSuccess: (list) => client.setQueryData(watchKeys.profile(profileId), list),
  })
}
