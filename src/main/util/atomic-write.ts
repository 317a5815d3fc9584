import { randomBytes } from 'node:crypto'
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { diskError } from './disk-error'

/**
 * Writes a file so that a crash leaves either the old or the new content, never half of one.
 * The temp name is random: two writes in the same millisecond must not share it. A failure is
 * UNAVAILABLE naming the file (not its full path): a full or read-only disk is not a Keytrail bug.
 */
export async function writeFileAtomic(file: string, data: string, mode = 0o600): Promise<void> {
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`
  try {
    await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 })
    await fs.writeFile(tmp, data, { mode })
    await fs.rename(tmp, file)
  } catch (err) {
    await fs.rm(tmp, { force: true }).catch(() => undefined)
    throw diskError('write', file, err)
  }
}
