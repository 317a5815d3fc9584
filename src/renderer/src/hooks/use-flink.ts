import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { Contract, InputOf } from '../../../shared/contract'
import { useBackend } from '../backend/context'
import { flinkKeys } from './query-keys'

export function useCluster(profileId: string | undefined) {
  const backend = useBackend()
  return useQuery({
    queryKey: flinkKeys.cluster(profileId ?? ''),
    queryFn: () => backend.call('flink.cluster', { id: profileId ?? '' }),
    enabled: !!profileId,
    refetchInterval: 5_000,
  })
}

/** A job's checkpoints: the newest `limit` stored rows, the whole history as a bucketed trend. */
export function useCheckpoints(profileId: string | undefined, job: string | undefined, limit = 500) {
  const backend = useBackend()
  return useQuery({
    queryKey: flinkKeys.checkpointRows(profileId ?? '', job ?? '', limit),
    queryFn: () => backend.call('checkpoints.get', { id: profileId ?? '', job: job ?? '', limit }),
    placeholderData: (previous) => previous,
    enabled: !!profileId && !!job,
    refetchInterval: 5_000,
  })
}

export function useCheckpointDetail(
  profileId: string | undefined,
  jid: string | undefined,
  checkpointId: number | undefined,
) {
  const backend = useBackend()
  return useQuery({
    queryKey: flinkKeys.checkpointDetail(profileId ?? '', jid ?? '', checkpointId ?? -1),
    queryFn: () =>
      backend.call('checkpoints.detail', { id: profileId ?? '', jid: jid ?? '', checkpointId: checkpointId ?? 0 }),
    enabled: !!profileId && !!jid && checkpointId !== undefined,
    staleTime: Infinity,
  })
}

export function useJobDetail(profileId: string | undefined, job: string | undefined, enabled: boolean) {
  const backend = useBackend()
  return useQuery({
    queryKey: flinkKeys.job(profileId ?? '', job ?? ''),
    queryFn: () => backend.call('jobs.detail', { id: profileId ?? '', job: job ?? '' }),
    enabled: enabled && !!profileId && !!job,
    refetchInterval: 5_000,
  })
}

/** Savepoint, stop or cancel a job; every Flink figure of the profile is stale afterwards. */
export function useJobAction(profileId: string, jid: string) {
  const backend = useBackend()
  const client = useQueryClient()
  return useMutation({
    mutationFn: (action: InputOf<Contract, 'jobs.action'>['action']) =>
      backend.call('jobs.action', { id: profileId, jid, action }),
    onSuccess: () => client.invalidateQueries({ queryKey: flinkKeys.all }),
  })
}
