import { mkdirSync, watch, promises as fs, type FSWatcher } from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { ApiError, profileIdSchema, profileSchema, type Profile } from '../../shared/contract'
import { writeFileAtomic } from '../util/atomic-write'
import { withFileLock } from '../util/file-lock'
import { demoTraceMap } from '../trace/demo-trace-map'

export const LOCAL_PROFILE_ID = 'local'

/** The profile of the local demo stack (stack/); it always exists. */
export function localProfile(env: NodeJS.ProcessEnv = process.env): Profile {
  const kafkaPort = env.KEYTRAIL_STACK_KAFKA_PORT ?? '9092'
  const flinkPort = env.KEYTRAIL_STACK_FLINK_PORT ?? '8081'
  return profileSchema.parse({
    id: LOCAL_PROFILE_ID,
    name: 'Local demo stack',
    environment: 'local',
    readOnly: false,
    kafka: { brokers: [`127.0.0.1:${kafkaPort}`], clientId: 'keytrail' },
    flink: { url: `http://127.0.0.1:${flinkPort}` },
    trace: demoTraceMap,
  })
}

const fileSchema = z.object({
  version: z.literal(1),
  activeId: profileIdSchema,
  profiles: z.array(profileSchema),
})
type ProfilesFile = z.infer<typeof fileSchema>

/**
 * Connection profiles in one JSON file in the config dir. A file that cannot be read is renamed
 * aside (never overwritten) and reported; the store then starts from the built-in profile.
 *
 * Other processes write the same file (the CLI while a host runs): every change re-reads the file
 * under a lock and applies only itself, so nothing another writer added is lost; a long-running
 * host also watches the file (`watch()`) so that it sees their changes.
 */
export class ProfileStore {
  private data: ProfilesFile | undefined
  private problem: string | undefined
  private watcher: FSWatcher | undefined
  private debounce: NodeJS.Timeout | undefined
  private readonly listeners = new Set<() => void>()

  /**
   * `extraBuiltIns` are built-in profiles that exist only while something provides them (the secure
   * stack's listeners): they are listed while provided and written to the file only once edited.
   */
  constructor(
    private readonly file: string,
    private readonly builtIn: Profile = localProfile(),
    private readonly extraBuiltIns: () => Profile[] = () => [],
  ) {}

  static inDir(dir: string, builtIn?: Profile, extraBuiltIns?: () => Profile[]): ProfileStore {
    return new ProfileStore(path.join(dir, 'profiles.json'), builtIn, extraBuiltIns)
  }

  get loadProblem(): string | undefined {
    return this.problem
  }

  async list(): Promise<{ profiles: Profile[]; activeId: string }> {
    const data = await this.load()
    return { profiles: data.profiles, activeId: data.activeId }
  }

  async get(id: string): Promise<Profile> {
    const found = (await this.load()).profiles.find((p) => p.id === id)
    if (!found) throw new ApiError('NOT_FOUND', `No profile named "${id}"`)
    return found
  }

  async active(): Promise<Profile> {
    const data = await this.load()
    return this.get(data.activeId)
  }

  /** Adds or replaces a profile; `check` sees the stored one (read under the lock) and may refuse. */
  async save(profile: Profile, check?: (previous: Profile | undefined) => void): Promise<Profile> {
    const valid = profileSchema.parse(profile)
    await this.change((data) => {
      const index = data.profiles.findIndex((p) => p.id === valid.id)
      check?.(data.profiles[index])
      if (index >= 0) data.profiles[index] = valid
      else data.profiles.push(valid)
    })
    return valid
  }

  /** Sets only the read-only flag of a stored profile. */
  async setReadOnly(id: string, readOnly: boolean): Promise<Profile> {
    return this.change((data) => {
      const found = data.profiles.find((p) => p.id === id)
      if (!found) throw new ApiError('NOT_FOUND', `No profile named "${id}"`)
      found.readOnly = readOnly
      return found
    })
  }

  async remove(id: string): Promise<boolean> {
    if (this.isBuiltIn(id)) throw new ApiError('CONFLICT', `The built-in profile "${id}" cannot be removed`)
    return this.change((data) => {
      const before = data.profiles.length
      data.profiles = data.profiles.filter((p) => p.id !== id)
      if (data.profiles.length === before) return false
      if (data.activeId === id) data.activeId = this.builtIn.id
      return true
    })
  }

  async setActive(id: string): Promise<string> {
    return this.change((data) => {
      if (!data.profiles.some((p) => p.id === id)) throw new ApiError('NOT_FOUND', `No profile named "${id}"`)
      data.activeId = id
      return id
    })
  }

  isBuiltIn(id: string): boolean {
    return id === this.builtIn.id || this.extraBuiltIns().some((p) => p.id === id)
  }

  /**
   * Follows changes other processes make to the file: the next read re-reads it, and `onChange`
   * runs (debounced) so that caches built from profiles can be dropped. Watches the directory,
   * since an atomic write replaces the file and a watch on the old one would go quiet.
   */
  watch(onChange?: () => void, debounceMs = 100): void {
    if (onChange) this.listeners.add(onChange)
    if (this.watcher) return
    const name = path.basename(this.file)
    try {
      // A first launch has no config dir yet; the CLI may be the one to create the file.
      mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 })
      this.watcher = watch(path.dirname(this.file), { persistent: false }, (_event, changed) => {
        if (changed !== null && changed !== name) return
        clearTimeout(this.debounce)
        this.debounce = setTimeout(() => {
          this.data = undefined
          for (const l of this.listeners) l()
        }, debounceMs).unref()
      })
      this.watcher.on('error', () => this.unwatch())
    } catch {
      // No directory yet, or no watch support: changes are still merged at each write.
    }
  }

  unwatch(): void {
    clearTimeout(this.debounce)
    this.watcher?.close()
    this.watcher = undefined
    this.listeners.clear()
  }

  /** Re-reads the file under the lock, applies one change, writes it back. */
  private async change<T>(apply: (data: ProfilesFile) => T): Promise<T> {
    return withFileLock(this.file, async () => {
      const data = await this.read()
      const out = apply(data)
      // A provided built-in that nobody edited is not written: it goes away with its provider.
      const provided = new Map(this.extraBuiltIns().map((p) => [p.id, JSON.stringify(p)]))
      const stored = { ...data, profiles: data.profiles.filter((p) => provided.get(p.id) !== JSON.stringify(p)) }
      await writeFileAtomic(this.file, `${JSON.stringify(stored, null, 2)}\n`)
      this.data = data
      return out
    })
  }

  private async load(): Promise<ProfilesFile> {
    // No lock to read: writes replace the file whole (atomic rename), so a read sees one version.
    this.data ??= await this.read()
    return this.data
  }

  private async read(): Promise<ProfilesFile> {
    let text: string | undefined
    try {
      text = await fs.readFile(this.file, 'utf8')
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      // Not a Keytrail bug: a file its owner made unreadable, or a disk that fails.
      if (code !== 'ENOENT') throw new ApiError('UNAVAILABLE', `Could not read ${path.basename(this.file)} (${code})`)
    }
    let data: ProfilesFile = { version: 1, activeId: this.builtIn.id, profiles: [] }
    if (text !== undefined) {
      const parsed = safeJson(text)
      const checked = parsed.ok ? fileSchema.safeParse(parsed.value) : undefined
      if (checked?.success) data = checked.data
      else {
        const backup = `${this.file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`
        // A concurrent reader may have moved it already.
        await fs.rename(this.file, backup).catch((err: NodeJS.ErrnoException) => {
          if (err.code !== 'ENOENT')
            throw new ApiError('UNAVAILABLE', `Could not move ${path.basename(this.file)} aside (${err.code})`)
        })
        const why = parsed.ok ? (checked?.error.issues[0]?.message ?? 'invalid') : parsed.error
        this.problem = `${this.file} could not be read (${why}); it was moved to ${backup}`
      }
    }
    const stored = data.profiles.find((p) => p.id === this.builtIn.id)
    if (!stored) data.profiles.unshift(this.builtIn)
    // A built-in profile saved before it had a trace map gets the shipped one.
    else if (!stored.trace && this.builtIn.trace) stored.trace = this.builtIn.trace
    for (const extra of this.extraBuiltIns()) {
      if (!data.profiles.some((p) => p.id === extra.id)) data.profiles.push(extra)
    }
    if (!data.profiles.some((p) => p.id === data.activeId)) data.activeId = this.builtIn.id
    return data
  }
}

function safeJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown }
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) }
  }
}
