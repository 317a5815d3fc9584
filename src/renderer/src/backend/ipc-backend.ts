import { ApiError, apiErrorSchema } from '../../../shared/contract'
import type { Backend } from '../../../shared/client'
import type { KeytrailBridge } from '../../../shared/bridge'
import type { RendererBackend } from './types'

function toApiError(raw: unknown): ApiError {
  const parsed = apiErrorSchema.safeParse(raw)
  return parsed.success ? ApiError.from(parsed.data) : new ApiError('INTERNAL', String(raw))
}

/** Electron: the preload's frozen bridge. IPC has no connection to lose. */
export function ipcBackend(bridge: KeytrailBridge): RendererBackend {
  const backend: Backend = {
    call: ((method: string, input: unknown) =>
      bridge.invoke(method, input).catch((e: unknown) => Promise.reject(toApiError(e)))) as Backend['call'],
    subscribe: ((
      method: string,
      input: unknown,
      h: { event: (e: unknown) => void; end?: () => void; error?: (e: ApiError) => void },
    ) => {
      const sub = bridge.subscribe(
        method,
        input,
        (e) => h.event(e),
        () => h.end?.(),
        (e) => h.error?.(toApiError(e)),
      )
      return { unsubscribe: () => sub.unsubscribe(), stop: () => sub.stop() }
    }) as Backend['subscribe'],
  }
  return { ...backend, transport: 'ipc', state: () => 'open', onStateChange: () => () => undefined }
}
