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
    { code },
  )
}
