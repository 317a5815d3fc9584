import { ApiError } from '../../shared/contract'
import { kafkaApiError } from '../kafka/kafka-errors'

/** Maps anything a handler throws to the one error shape clients see; never leaks a stack. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err
  if (err instanceof Error) {
    if (err.name === 'AbortError') return new ApiError('CANCELLED', 'Cancelled')
    if (err.name === 'TimeoutError') return new ApiError('TIMEOUT', err.message)
    // Not Keytrail bugs: credentials, ACLs, certificates, a broker that is down.
    const kafka = kafkaApiError(err)
    if (kafka) return kafka
    return new ApiError('INTERNAL', err.message)
  }
  return new ApiError('INTERNAL', String(err))
}
