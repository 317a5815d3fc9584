import { promises as fs } from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { ApiError, profileIdSchema, profileSchema, type Profile } from '../../shared/contract'
import { writeFileAtomic } from '../util/atomic-write'
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
 */
export class ProfileStore {
  private data: ProfilesFile | undefined
  private problem: string | undefined

  constructor(
    private readonly file: string,
    private readonly builtIn: Profile = localProfile(),
  ) {}

  static inDir(dir: string, builtIn?: Profile): ProfileStore {
    return new ProfileStore(path.join(dir, 'profiles.json'), builtIn)
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

  async save(profile: Profile): Promise<Profile> {
    const data = await this.load()
    const valid = profileSchema.parse(profile)
    const index = data.profiles.findIndex((p) => p.id === valid.id)
    if (index >= 0) data.profiles[index] = valid
    else data.profiles.push(valid)
    await this.persist(data)
    return valid
  }

  async remove(id: string): Promise<boolean> {
    if (id === this.builtIn.id) throw new ApiError('CONFLICT', `The built-in profile "${id}" cannot be removed`)
    const data = await this.load()
    const before = data.profiles.length
    data.profiles = data.profiles.filter((p) => p.id !== id)
    if (data.profiles.length === before) return false
    if (data.activeId === id) data.activeId = this.builtIn.id
    await this.persist(data)
    return true
  }

  async setActive(id: string): Promise<string> {
    const data = await this.load()
    if (!data.profiles.some((p) => p.id === id)) throw new ApiError('NOT_FOUND', `No profile named "${id}"`)
    data.activeId = id
    await this.persist(data)
    return id
  }

  isBuiltIn(id: string): boolean {
    return id === this.builtIn.id
  }

  private async load(): Promise<ProfilesFile> {
    if (this.data) return this.data
    let text: string | undefined
    try {
      text = await fs.readFile(this.file, 'utf8')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
    }
    let data: ProfilesFile = { version: 1, activeId: this.builtIn.id, profiles: [] }
    if (text !== undefined) {
      const parsed = safeJson(text)
      const checked = parsed.ok ? fileSchema.safeParse(parsed.value) : undefined
      if (checked?.success) data = checked.data
      else {
        const backup = `${this.file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`
        await fs.rename(this.file, backup)
        const why = parsed.ok ? (checked?.error.issues[0]?.message ?? 'invalid') : parsed.error
        this.problem = `${this.file} could not be read (${why}); it was moved to ${backup}`
      }
    }
    const stored = data.profiles.find((p) => p.id === this.builtIn.id)
    if (!stored) data.profiles.unshift(this.builtIn)
    // A built-in profile saved before it had a trace map gets the shipped one.
    else if (!stored.trace && this.builtIn.trace) stored.trace = this.builtIn.trace
    if (!data.profiles.some((p) => p.id === data.activeId)) data.activeId = this.builtIn.id
    this.data = data
    return data
  }

  private async persist(data: ProfilesFile): Promise<void> {
    await writeFileAtomic(this.file, `${JSON.stringify(data, null, 2)}\n`)
    this.data = data
  }
}

function safeJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown }
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) }
  }
}
