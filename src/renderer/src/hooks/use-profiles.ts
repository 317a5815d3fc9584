import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { InputOf, Contract, ProfileView } from '../../../shared/contract'
import { useBackend } from '../backend/context'
import { profileKeys } from './query-keys'

export function useProfiles() {
  const backend = useBackend()
  return useQuery({ queryKey: profileKeys.list(), queryFn: () => backend.call('profiles.list', {}) })
}

/** The active profile, or undefined while loading. */
export function useActiveProfile(): ProfileView | undefined {
  const { data } = useProfiles()
  return data?.profiles.find((p) => p.id === data.activeId)
}

export function useSetActiveProfile() {
  const backend = useBackend()
  const client = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => backend.call('profiles.setActive', { id }),
    onSuccess: () => client.invalidateQueries({ queryKey: profileKeys.all }),
  })
}

export function useSaveProfile() {
  const backend = useBackend()
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: InputOf<Contract, 'profiles.save'>) => backend.call('profiles.save', input),
    onSuccess: () => client.invalidateQueries({ queryKey: profileKeys.all }),
  })
}

/** Switches read-only on, or off when confirmed with the profile's name (the core checks it too). */
export function useSetReadOnly() {
  const backend = useBackend()
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: InputOf<Contract, 'profiles.setReadOnly'>) => backend.call('profiles.setReadOnly', input),
    onSuccess: () => client.invalidateQueries({ queryKey: profileKeys.all }),
  })
}

export function useRemoveProfile() {
  const backend = useBackend()
  const client = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => backend.call('profiles.remove', { id }),
    onSuccess: () => client.invalidateQueries({ queryKey: profileKeys.all }),
  })
}

export function useTestProfile() {
  const backend = useBackend()
  return useMutation({ mutationFn: (id: string) => backend.call('profiles.test', { id }) })
}
