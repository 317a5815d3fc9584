import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import type { ConnectionReport } from '../../../shared/contract'
import { useBackend, useTransportState } from '../backend/context'
import { healthKeys } from './query-keys'

/**
 * Keeps a profile's connection health in the query cache: the server pushes a report every
 * interval; the cache is the only store.
 */
export function useHealth(profileId: string | undefined, intervalMs = 15_000): ConnectionReport | undefined {
  const backend = useBackend()
  const client = useQueryClient()
  const transport = useTransportState()
  useEffect(() => {
    if (!profileId || transport !== 'open') return
    return backend.subscribe(
      'health.watch',
      { id: profileId, intervalMs },
      { event: (report) => client.setQueryData(healthKeys.profile(profileId), report) },
    )
  }, [backend, client, profileId, intervalMs, transport])
  const { data } = useQuery<ConnectionReport>({
    queryKey: healthKeys.profile(profileId ?? ''),
    queryFn: () => new Promise<ConnectionReport>(() => undefined),
    enabled: false,
    staleTime: Infinity,
  })
  return data
}
