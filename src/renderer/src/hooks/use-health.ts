import { useQuery, useQueryClient } from '@tanstack/react-query'
import type { ConnectionReport } from '../../../shared/contract'
import { usePush } from './use-push'
import { healthKeys } from './query-keys'

/**
 * Keeps a profile's connection health in the query cache: the server pushes a report every
 * interval; the cache is the only store.
 */
export function useHealth(profileId: string | undefined, intervalMs = 15_000): ConnectionReport | undefined {
  const client = useQueryClient()
  usePush(
    'health.watch',
    profileId ? { id: profileId, intervalMs } : undefined,
    `${profileId}:${intervalMs}`,
    (report) => client.setQueryData(healthKeys.profile(profileId ?? ''), report),
  )
  const { data } = useQuery<ConnectionReport>({
    queryKey: healthKeys.profile(profileId ?? ''),
    queryFn: () => new Promise<ConnectionReport>(() => undefined),
    enabled: false,
    staleTime: Infinity,
  })
  return data
}
