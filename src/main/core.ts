import { ApiError, type Contract } from '../shared/contract'
import { createRouter, type Handlers, type Router, type RouterOptions } from './api/router'
import { callDeadline } from './api/call-deadlines'
import { flinkHandlers } from './handlers/flink-handlers'
import { healthHandlers } from './handlers/health-handlers'
import { lagHandlers } from './handlers/lag-handlers'
import { profileHandlers } from './handlers/profile-handlers'
import { createServices, type CoreDeps } from './handlers/services'
import { traceHandlers } from './handlers/trace-handlers'
import { readOnlyHostError } from './profiles/profile-service'
import type { ProfileStore } from './profiles/profile-store'

export type { CoreDeps } from './handlers/services'

/** Every service behind the contract, independent of Electron and of the transport: wiring only. */
export function createHandlers(deps: CoreDeps, onClose: Array<() => Promise<void> | void> = []): Handlers<Contract> {
  const services = createServices(deps)
  onClose.push(() => services.close())
  return {
    'app.info': async () => ({ name: 'Keytrail', version: deps.version, host: deps.host, platform: process.platform }),
    ...profileHandlers(services),
    ...flinkHandlers(services),
    ...traceHandlers(services),
    ...lagHandlers(services),
    ...healthHandlers(services),
  }
}

/**
 * Mutating calls run only in a profile that is not read-only (the profile named by the input's
 * `id`), and never on a host started with --read-only.
 */
export function profileMutationGuard(
  profiles: ProfileStore,
  readOnlyHost = false,
): NonNullable<RouterOptions['authorizeMutation']> {
  return async (method, input) => {
    if (readOnlyHost) throw readOnlyHostError(method)
    const id = (input as { id?: unknown }).id
    if (typeof id !== 'string') throw new ApiError('READ_ONLY', `${method} names no profile`)
    const profile = await profiles.get(id)
    if (profile.readOnly) {
      throw new ApiError('READ_ONLY', `Profile "${profile.name}" is read-only: ${method} is refused`)
    }
  }
}

export interface CoreRouter extends Router {
  /** Stops background sampling, running traces and Kafka connections, so that the host can exit. */
  close(): Promise<void>
}

/** The core behind a router: every handler, and the read-only guard on mutating calls. */
export function createCoreRouter(deps: CoreDeps, options: Omit<RouterOptions, 'authorizeMutation'> = {}): CoreRouter {
  const closers: Array<() => Promise<void> | void> = []
  const router = createRouter(createHandlers(deps, closers), {
    deadline: (method) => callDeadline(method),
    ...options,
    authorizeMutation: profileMutationGuard(deps.profiles, deps.readOnly === true),
  })
  return {
    ...router,
    close: async () => {
      await Promise.allSettled(closers.map(async (c) => c()))
    },
  }
}
