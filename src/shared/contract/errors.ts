import { z } from 'zod'

export const errorCodes = [
  'UNKNOWN_METHOD',
  'INVALID_INPUT',
  'INVALID_OUTPUT',
  'NOT_FOUND',
  'READ_ONLY',
  'UNAVAILABLE',
  'TIMEOUT',
  'CANCELLED',
  'CONFLICT',
  'UNAUTHORIZED',
  /** Authenticated, but an ACL (or a policy) refuses the action. */
  'FORBIDDEN',
  'INTERNAL',
] as const

export const apiErrorSchema = z.object({
  code: z.enum(errorCodes),
  message: z.string(),
  details: z.unknown().optional(),
})

export type ApiErrorCode = (typeof errorCodes)[number]
export type ApiErrorShape = z.infer<typeof apiErrorSchema>

/** The one error type that crosses the API boundary, on every transport. */
export class ApiError extends Error {
  readonly code: ApiErrorCode
  readonly details: unknown

  constructor(code: ApiErrorCode, message: string, details?: unknown) {
    super(message)
    this.name = 'ApiError'
    this.code = code
    this.details = details
  }

  toJSON(): ApiErrorShape {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details }
  }

  static from(shape: ApiErrorShape): ApiError {
    return new ApiError(shape.code, shape.message, shape.details)
  }
}
