import { promises as fs } from 'node:fs'
import path from 'node:path'
import { ApiError } from '../../shared/contract'
import { diskError } from './disk-error'
import { sleep } from './sleep'

const tails = new Map<string, Promise<unknown>>()

/** How long a writer waits for another process's lock before it answers UNAVAILABLE. */
const LOCK_WAIT_MS = 5_000
/** A lock older than this is taken over: its holder hangs or its pid was reused. */
const LOCK_STALE_MS = 30_000
/** An empty lock: its holder died between creating and filling it, or a full disk left it. */
const EMPTY_LOCK_STALE_MS = 2_000

/**
 * Runs `fn` alone among every writer of the same file: every read-modify-write of a config or
 * state file goes through here, so that two concurrent changes cannot both read the old content
 * and the second write drop the first one's change. Callers in this process queue in memory; other
 * processes (the CLI while a host runs) are kept out by a `<file>.lock` holding the holder's pid.
 */
export async function withFileLock<T>(file: string, fn: () => Promise<T>): Promise<T> {
  const key = path.resolve(file)
  const previous = tails.get(key) ?? Promise.resolve()
  const locked = async () => {
    const release = await lockFile(key)
    try {
      return await fn()
    } finally {
      await release()
    }
  }
  const run = previous.then(locked, locked)
  const tail = run.catch(() => undefined)
  tails.set(key, tail)
  try {
    return await run
  } finally {
    // The last one out leaves no entry behind.
    if (tails.get(key) === tail) tails.delete(key)
  }
}

async function lockFile(file: string): Promise<() => Promise<void>> {
  const lock = `${file}.lock`
  const deadline = Date.now() + LOCK_WAIT_MS
  // Apart from the lock itself: an EEXIST here (a file where the directory should be) is no lock.
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 }).catch((err: unknown) => {
    throw diskError('lock', file, err)
  })
  for (let wait = 5; ; wait = Math.min(wait * 2, 100)) {
    try {
      await fs.writeFile(lock, `${process.pid}\n`, { flag: 'wx', mode: 0o600 })
      return () => fs.rm(lock, { force: true })
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      if (code !== 'EEXIST') {
        // A full disk creates the lock and then fails to fill it: an empty lock left behind
        // would keep every later writer out.
        if (code === 'ENOSPC' || code === 'EDQUOT') await fs.rm(lock, { force: true }).catch(() => undefined)
        throw diskError('lock', file, err)
      }
    }
    if (await isStale(lock)) {
      await fs.rm(lock, { force: true })
      continue
    }
    if (Date.now() > deadline) {
      throw new ApiError(
        'UNAVAILABLE',
        `Keytrail's state directory: ${path.basename(file)} is locked by another Keytrail process`,
      )
    }
    await sleep(wait)
  }
}

/** A lock whose holder is gone (or is this process, which queues its own writers in memory). */
async function isStale(lock: string): Promise<boolean> {
  try {
    const [text, stat] = await Promise.all([fs.readFile(lock, 'utf8'), fs.stat(lock)])
    if (Date.now() - stat.mtimeMs > LOCK_STALE_MS) return true
    const pid = Number(text.trim())
    // Written but not yet filled by its holder: give it a moment, not more.
    if (text === '') return Date.now() - stat.mtimeMs > EMPTY_LOCK_STALE_MS
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return true
    process.kill(pid, 0)
    return false
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    // ENOENT: released meanwhile, try again; ESRCH: no such process; EPERM: alive, someone else's.
    return code === 'ESRCH'
  }
}
