/** What went wrong talking to a Schema Registry, classified so that callers can say what to fix. */
export type RegistryErrorKind = 'unauthorized' | 'forbidden' | 'not-found' | 'unavailable' | 'invalid'

export class RegistryError extends Error {
  override readonly name = 'RegistryError'
  constructor(
    readonly kind: RegistryErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message)
  }

  /**
   * Whether the registry itself fails (every framed record would), rather than one schema:
   * such a failure makes a trace or find answer unreliable, so it is a warning and a non-zero exit.
   */
  get registryWide(): boolean {
    return this.kind === 'unauthorized' || this.kind === 'forbidden' || this.kind === 'unavailable'
  }
}

/** The error for an HTTP answer that is not 2xx. */
export function errorForStatus(url: string, status: number, what: string): RegistryError {
  const where = `Schema Registry ${url} answered ${status} for ${what}`
  if (status === 401) return new RegistryError('unauthorized', `${where}: check the registry user and password`, status)
  if (status === 403) return new RegistryError('forbidden', `${where}: the registry user may not read it`, status)
  if (status === 404) return new RegistryError('not-found', where, status)
  if (status >= 500 || status === 408 || status === 429) return new RegistryError('unavailable', where, status)
  return new RegistryError('invalid', where, status)
}

/** The error for a registry that could not be reached (refused, DNS, timeout). */
export function unreachable(url: string, err: unknown): RegistryError {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } }
  const why = e.name === 'TimeoutError' ? 'timed out' : (e.cause?.code ?? e.cause?.message ?? e.message ?? String(err))
  return new RegistryError('unavailable', `Schema Registry ${url} cannot be reached: ${why}`)
}
