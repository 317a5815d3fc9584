import { promises as fs } from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { ApiError, secretKeys, type SecretKey } from '../../shared/contract'
import { writeFileAtomic } from '../util/atomic-write'
import { withFileLock } from '../util/file-lock'

export interface SecretStore {
  get(profileId: string, key: SecretKey): Promise<string | undefined>
  set(profileId: string, key: SecretKey, value: string): Promise<void>
  removeProfile(profileId: string): Promise<void>
  keys(profileId: string): Promise<SecretKey[]>
}

/** Turns a secret into what is written on disk and back (identity for a 0600 file, safeStorage in Electron). */
export interface SecretCodec {
  encode(plain: string): string
  decode(stored: string): string
  /** Throws when this codec must not be used to store a new secret. */
  assertCanStore(): void
}

export const plainCodec: SecretCodec = {
  encode: (s) => s,
  decode: (s) => s,
  assertCanStore: () => undefined,
}

const fileSchema = z.record(z.string(), z.partialRecord(z.enum(secretKeys), z.string()))

/** KEYTRAIL_SECRET_PROD_EU_KAFKA_PASSWORD for profile "prod-eu", key kafkaPassword. */
export function secretEnvName(profileId: string, key: SecretKey): string {
  const snake = key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()
  return `KEYTRAIL_SECRET_${profileId.replace(/-/g, '_').toUpperCase()}_${snake}`
}

/**
 * Secrets in one JSON file, readable by the owner only (0600; a wider file is refused),
 * each value passed through a codec. Environment variables take precedence and are never written.
 */
export class FileSecretStore implements SecretStore {
  constructor(
    private readonly file: string,
    private readonly codec: SecretCodec = plainCodec,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  static inDir(dir: string, fileName = 'secrets.json', codec?: SecretCodec): FileSecretStore {
    return new FileSecretStore(path.join(dir, fileName), codec)
  }

  async get(profileId: string, key: SecretKey): Promise<string | undefined> {
    const fromEnv = this.env[secretEnvName(profileId, key)]
    if (fromEnv) return fromEnv
    const stored = (await this.read())[profileId]?.[key]
    return stored === undefined ? undefined : this.codec.decode(stored)
  }

  async set(profileId: string, key: SecretKey, value: string): Promise<void> {
    this.codec.assertCanStore()
    await withFileLock(this.file, async () => {
      const data = await this.read()
      data[profileId] = { ...data[profileId], [key]: this.codec.encode(value) }
      await writeFileAtomic(this.file, JSON.stringify(data), 0o600)
    })
  }

  async removeProfile(profileId: string): Promise<void> {
    await withFileLock(this.file, async () => {
      const data = await this.read()
      if (!(profileId in data)) return
      delete data[profileId]
      await writeFileAtomic(this.file, JSON.stringify(data), 0o600)
    })
  }

  async keys(profileId: string): Promise<SecretKey[]> {
    const stored = (await this.read())[profileId] ?? {}
    return secretKeys.filter((k) => stored[k] !== undefined || this.env[secretEnvName(profileId, k)])
  }

  private async read(): Promise<Record<string, Partial<Record<SecretKey, string>>>> {
    let text: string
    try {
      const stat = await fs.stat(this.file)
      if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) {
        throw new ApiError(
          'UNAUTHORIZED',
          `${this.file} is readable by others (mode ${(stat.mode & 0o777).toString(8)}); run chmod 600 on it`,
        )
      }
      text = await fs.readFile(this.file, 'utf8')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {}
      throw err
    }
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      json = undefined
    }
    const parsed = fileSchema.safeParse(json)
    // A damaged file is not a Keytrail bug; it is left as it is for its owner to repair.
    if (!parsed.success) throw new ApiError('UNAVAILABLE', `${this.file} is not a valid secrets file`)
    return parsed.data
  }
}
