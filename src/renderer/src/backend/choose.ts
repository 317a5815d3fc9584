import type { KeytrailBridge } from '../../../shared/bridge'
import { ipcBackend } from './ipc-backend'
import type { RendererBackend } from './types'
import { wsBackend } from './ws-backend'

declare global {
  interface Window {
    keytrail?: KeytrailBridge
  }
}

/** Picks the transport once: the Electron bridge when the preload put one there, else the host's WebSocket. */
export function chooseBackend(): RendererBackend {
  if (window.keytrail) return ipcBackend(window.keytrail)
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws'
  return wsBackend(`${scheme}://${location.host}/api`)
}
