import { ApiError } from '../../shared/contract'

export interface CliIo {
  out(text: string): void
  err(text: string): void
  env: NodeJS.ProcessEnv
}

export const processIo: CliIo = {
  out: (t) => process.stdout.write(`${t}\n`),
  err: (t) => process.stderr.write(`${t}\n`),
  env: process.env,
}

/** A CLI mistake (bad flag, bad value): printed with usage, exit code 2. */
export class UsageError extends Error {}

export function printJson(io: CliIo, value: unknown): void {
  io.out(JSON.stringify(value, null, 2))
}

/** One line per problem: the code and message, and for invalid input every field with what is wrong. */
export function describeError(err: unknown): string {
  if (err instanceof ApiError) {
    const issues = (err.details as { issues?: Array<{ path?: unknown; message?: unknown }> } | undefined)?.issues
    const lines = Array.isArray(issues)
      ? issues.map((i) => `\n  ${String(i.path ?? '')}: ${String(i.message ?? '')}`)
      : []
    return `${err.code}: ${err.message}${lines.join('')}`
  }
  return err instanceof Error ? err.message : String(err)
}
