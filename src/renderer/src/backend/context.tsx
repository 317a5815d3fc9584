import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react'
import type { RendererBackend, TransportState } from './types'

const BackendContext = createContext<RendererBackend | undefined>(undefined)

export function BackendProvider({ backend, children }: { backend: RendererBackend; children: ReactNode }) {
  return <BackendContext.Provider value={backend}>{children}</BackendContext.Provider>
}

export function useBackend(): RendererBackend {
  const backend = useContext(BackendContext)
  if (!backend) throw new Error('useBackend outside BackendProvider')
  return backend
}

export function useTransportState(): TransportState {
  const backend = useBackend()
  return useSyncExternalStore(backend.onStateChange, backend.state)
}
