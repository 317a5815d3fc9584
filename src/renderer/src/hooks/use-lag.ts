import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { Contract, InputOf, LagSnapshot } from '../../../shared/contract'
import { useBackend } from '../backend/context'
import { usePush } from './use-push'
import { lagKeys } from './query-keys'

/**
 * Every group's lag: fetched once, then kept current by the monitor's pushed samples (the cache is
 * the only store). `pushError` says why the samples stopped (Kafka unreachable) while the last one shows.
 */
export function useLagGroups(profileId: string | undefined) {
  const backend = useBackend()
  const client = useQueryClient()
  const pushError = usePush(
    'lag.watch',
    profileId ? { id: profileId } : undefined,
    profileId ?? '',
    (snap: LagSnapshot) => {
      client.setQueryData(lagKeys.groups(profileId ?? ''), snap)
      // A pushed sample makes the open group's figures and chart stale.
      void client.invalidateQueries({ queryKey: lagKeys.histories(profileId ?? '') })
    },
  )
  const query = useQuery({
    queryKey: lagKeys.groups(profileId ?? ''),
    queryFn: () => backend.call('lag.groups', { id: profileId ?? '' }),
    enabled: !!profileId,
    staleTime: Infinity,
  })
  return { ...query, pushError }
}

export function useLagGroup(profileId: string | undefined, group: string | undefined) {
  const backend = useBackend()
  return useQuery({
    queryKey: lagKeys.group(profileId ?? '', group ?? ''),
    queryFn: () => backend.call('lag.group', { id: profileId ?? '', group: group ?? '' }),
    enabled: !!profileId && !!group,
    placeholderData: (prev) => prev,
    refetchInterval: 10_000,
  })
}

export function useLagHistory(profileId: string | undefined, group: string | undefined, rangeMs: number) {
  const backend = useBackend()
  return useQuery({
    queryKey: lagKeys.history(profileId ?? '', group ?? '', rangeMs),
    queryFn: () => backend.call('lag.history', { id: profileId ?? '', group: group ?? '', rangeMs }),
    enabled: !!profileId && !!group,
    placeholderData: (prev) => prev,
  })
}

/** Sets a group's alert rules, or removes them with null. */
export function useSetLagRules(profileId: string, group: string) {
  const backend = useBackend()
  const client = useQueryClient()
  return useMutation({
    mutationFn: (rules: InputOf<Contract, 'lag.setRules'>['rules']) =>
      backend.call('lag.setRules', { id: profileId, group, rules }),
    onSuccess: () => client.invalidateQueries({ queryKey: lagKeys.group(profileId, group) }),
  })
}
