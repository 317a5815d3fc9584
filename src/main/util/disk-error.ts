import path from 'node:path'
import { ApiError } from '../../shared/contract'

const WHY: Readonly<Record<string, string>> = {
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EMFILE: 'too many open files',
}

/** The component a disk error names (not Kafka's or Flink's outage). */
export const STATE_DIRECTORY = "Keytrail's state directory"

/**
 * A failed read or write of Keytrail's own files, as UNAVAILABLE naming the directory and what
 * is wrong with it: a full or read-only disk is not a Keytrail bug, and the fix is the user's.
 * Only the file's name is given, not its full path.
 */
export function diskError(verb: string, file: string, err: unknown): ApiError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code ?? 'error'
  const why = WHY[code] ?? code
  return new ApiError(
    'UNAVAILABLE',
    `Keytrail's state directory: could not ${verb} ${path.basename(file)} (${code === why ? code : `${code}: ${why}`})`,
    { code, component: STATE_DIRECTORY },
  )
}
