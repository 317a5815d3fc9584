import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { HealthReport, InputOf, Contract } from '../../../shared/contract'
import { useBackend } from '../backend/context'
import { usePush } from './use-push'
import { alertKeys, healthKeys, timelineKeys } from './query-keys'
import { extendTrail, type FigureTrail } from '../components/overview/figure-trail'

/** The health model of every profile, pushed by the core after each evaluation (every 10 s). */
export function useOverview(): HealthReport | undefined {
  const client = useQueryClient()
  const backend = useBackend()
  usePush('health.overview', {}, 'overview', (report) => {
    client.setQueryData(healthKeys.overview(), report)
    client.setQueryData<FigureTrail>(healthKeys.trail(), (trail) => extendTrail(trail, report))
    void client.invalidateQueries({ queryKey: alertKeys.all })
    void client.invalidateQueries({ queryKey: timelineKeys.all })
  })
  const { data } = useQuery<HealthReport>({
    queryKey: healthKeys.overview(),
    queryFn: () => backend.call('health.status', {}),
    staleTime: Infinity,
  })
  return data
}

export function useAlerts() {
  const backend = useBackend()
  return useQuery({ queryKey: alertKeys.list(), queryFn: () => backend.call('alerts.list', { limit: 50 }) })
}

export function useAckAlert() {
  const backend = useBackend()
  const client = useQueryClient()
  return useMutation({
    mutationFn: (key: string) => backend.call('alerts.ack', { key }),
    onSuccess: () => client.invalidateQueries({ queryKey: alertKeys.all }),
  })
}

export function useSnoozeAlert() {
  const backend = useBackend()
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: InputOf<Contract, 'alerts.snooze'>) => backend.call('alerts.snooze', input),
    onSuccess: () => client.invalidateQueries({ queryKey: alertKeys.all }),
  })
}

/** Each problem's figure over the reports pushed since the page opened (sparklines). */
export function useFigureTrail(): FigureTrail | undefined {
  const { data } = useQuery<FigureTrail>({
    queryKey: healthKeys.trail(),
    queryFn: () => new Map(),
    enabled: false,
    staleTime: Infinity,
  })
  return data
}

/** The incident timeline of the last day, of one profile or all ('' = all), filtered by subject. */
export function useTimeline(profileId: string, subject: string) {
  const backend = useBackend()
  return useQuery({
    queryKey: timelineKeys.view(profileId, subject),
    queryFn: () =>
      backend.call('timeline.get', {
        rangeMs: 86_400_000,
        ...(profileId ? { id: profileId } : {}),
        ...(subject.trim() ? { subject: subject.trim() } : {}),
      }),
  })
}
