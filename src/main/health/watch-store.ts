import { promises as fs } from 'node:fs'
import { z } from 'zod'
import { ApiError } from '../../shared/contract'
import { watchedOrderSchema, type WatchedOrder } from '../../shared/contract/watch'
import { writeFileAtomic } from '../util/atomic-write'
import { withFileLock } from '../util/file-lock'

/** Watches per profile: each is a trace every cadence, so their number is bounded. */
export const MAX_WATCHES_PER_PROFILE = 50

const fileSchema = z.object({ watches: z.array(watchedOrderSchema) })

/**
 * The pinned order ids of every profile, in one file of the state directory shared by the app,
 * `serve` and the CLI: every change re-reads the file under its lock and applies only itself.
 */
export class WatchStore {
  constructor(private readonly file: string) {}

  async list(profileId?: string): Promise<WatchedOrder[]> {
    const all = await this.read()
    return profileId ? all.filter((w) => w.profileId === profileId) : all
  }

  private async read(): Promise<WatchedOrder[]> {
    let text: string
    try {
      text = await fs.readFile(this.file, 'utf8')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return []
      throw err
    }
    const parsed = fileSchema.safeParse(safeJson(text))
    if (!parsed.success) {
      process.stderr.write(`[keytrail] ${this.file} unreadable, no watches: ${parsed.error.message}\n`)
      return []
    }
    return parsed.data.watches
  }

  private update(fn: (all: WatchedOrder[]) => WatchedOrder[]): Promise<WatchedOrder[]> {
    return withFileLock(this.file, async () => {
      const next = fn(await this.read())
      await writeFileAtomic(this.file, JSON.stringify({ watches: next }, null, 1))
      return next
    })
  }

  /** Pins (on) or unpins an id; pinning one already pinned keeps its first pin time. */
  async set(profileId: string, entityId: string, on: boolean, now = Date.now()): Promise<WatchedOrder[]> {
    const same = (w: WatchedOrder) => w.profileId === profileId && w.entityId === entityId
    const all = await this.update((all) => {
      if (!on) return all.filter((w) => !same(w))
      if (all.some(same)) return all
      if (all.filter((w) => w.profileId === profileId).length >= MAX_WATCHES_PER_PROFILE) {
        throw new ApiError(
          'INVALID_INPUT',
          `At most ${MAX_WATCHES_PER_PROFILE} watched ids per profile: unpin one first`,
        )
      }
      const fresh = {
        profileId,
        entityId,
        pinnedAt: now,
        status: null,
        summary: null,
        checkedAt: null,
        wasStuck: false,
      }
      return [...all, fresh]
    })
    return all.filter((w) => w.profileId === profileId)
  }

  /** Records what the last traces found; ids in `ended` stop being watched. Ids unpinned meanwhile stay unpinned. */
  async record(profileId: string, checked: WatchedOrder[], ended: Set<string>): Promise<void> {
    const byId = new Map(checked.map((w) => [w.entityId, w]))
    await this.update((all) =>
      all
        .filter((w) => w.profileId !== profileId || !ended.has(w.entityId))
        .map((w) => (w.profileId === profileId ? (byId.get(w.entityId) ?? w) : w)),
    )
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}
