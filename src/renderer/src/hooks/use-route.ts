import { useEffect, useState } from 'react'

export const routes = [
  { id: 'overview', label: 'Overview' },
  { id: 'trace', label: 'Trace' },
  { id: 'lag', label: 'Lag' },
  { id: 'jobs', label: 'Jobs & Checkpoints' },
  { id: 'connections', label: 'Connections' },
] as const
export type RouteId = (typeof routes)[number]['id']

/** The hash without its leading '#/' and its '?query' (the profile a link names). */
function pathOf(hash: string): string {
  return hash.replace(/^#\/?/, '').split('?')[0] ?? ''
}

/** The profile a deep link names (`#/lag/g?profile=prod`), if any. */
export function profileOf(hash: string): string | undefined {
  const query = hash.split('?')[1]
  return query ? (new URLSearchParams(query).get('profile') ?? undefined) : undefined
}

function parse(hash: string): RouteId {
  const id = pathOf(hash).split('/')[0]
  return routes.find((r) => r.id === id)?.id ?? 'overview'
}

/** What follows the page in the hash: #/jobs/order-service → ['order-service']. */
export function useRouteParams(): string[] {
  const [params, setParams] = useState<string[]>(() => paramsOf(location.hash))
  useEffect(() => {
    const onHash = (): void => setParams(paramsOf(location.hash))
    window.addEventListener('hashchange', onHash)
    return () => window.removeEventListener('hashchange', onHash)
  }, [])
  return params
}

function paramsOf(hash: string): string[] {
  return pathOf(hash)
    .split('/')
    .slice(1)
    .filter(Boolean)
    .map((p) => decodeURIComponent(p))
}

/** Hash routing: works the same from file:// (Electron) and http:// (browser mode). */
export function useRoute(): RouteId {
  const [route, setRoute] = useState<RouteId>(() => parse(location.hash))
  useEffect(() => {
    const onHash = (): void => setRoute(parse(location.hash))
    window.addEventListener('hashchange', onHash)
    return () => window.removeEventListener('hashchange', onHash)
  }, [])
  return route
}
