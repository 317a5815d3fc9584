import { ApiError, type ApiErrorCode } from '../../../shared/contract'

/** Whether a failed call failed with `code`: the renderer decides by code, never by a message's words. */
export function hasErrorCode(err: unknown, code: ApiErrorCode): boolean {
  return err instanceof ApiError && err.code === code
}
