import type { Backend } from '../../../shared/client'

export type TransportState = 'connecting' | 'open' | 'closed'

/** The renderer's one way to the core; chosen once at start-up. */
export interface RendererBackend extends Backend {
  readonly transport: 'ipc' | 'websocket'
  state(): TransportState
  onStateChange(listener: (state: TransportState) => void): () => void
}
