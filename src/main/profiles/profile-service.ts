import {
  ApiError,
  environmentColors,
  secretKeys,
  type Profile,
  type ProfileSecrets,
  type ProfileView,
} from '../../shared/contract'
import { hasUrlCredentials } from '../util/url-credentials'
import { testConnection } from './connection-test'
import type { ProfileStore } from './profile-store'
import type { SecretStore } from './secret-store'

export interface ProfileServiceOptions {
  /** `keytrail serve --read-only`: every edit is refused. */
  readOnlyHost?: boolean
  /** Follow changes other processes make to the profile file (long-running hosts). */
  watch?: boolean
}

/**
 * Profiles as the API sees them: views with their secrets' names, edits that keep the read-only
 * protection, and the caches built from a profile (Flink clients, lag monitors) dropped whenever
 * it changes, here or in another process.
 */
export class ProfileService {
  /** Each profile as last seen, to tell which ones a change of the file touched. */
  private known = new Map<string, string>()

  constructor(
    private readonly store: ProfileStore,
    private readonly secrets: SecretStore,
    /** Drops what was built from one profile's settings. */
    private readonly invalidate: (profileId: string) => void,
    private readonly opts: ProfileServiceOptions = {},
  ) {
    if (opts.watch) store.watch(() => void this.reconcile().catch(() => undefined))
  }

  async list() {
    const { profiles, activeId } = await this.store.list()
    this.remember(profiles)
    return {
      profiles: await Promise.all(profiles.map((p) => this.view(p))),
      activeId,
      ...(this.store.loadProblem ? { loadProblem: this.store.loadProblem } : {}),
    }
  }

  get(id: string): Promise<Profile> {
    return this.store.get(id)
  }

  async view(p: Profile): Promise<ProfileView> {
    return {
      ...p,
      color: environmentColors[p.environment],
      secrets: await this.secrets.keys(p.id),
      builtIn: this.store.isBuiltIn(p.id),
    }
  }

  /** Adds or replaces a profile and stores its secrets; a read-only profile stays read-only. */
  async save(profile: Profile, secrets: ProfileSecrets = {}): Promise<ProfileView> {
    this.assertEditable('profiles.save')
    refuseUrlCredentials(profile)
    const saved = await this.store.save(profile, (previous) => {
      if (previous?.readOnly && !profile.readOnly) {
        throw new ApiError(
          'READ_ONLY',
          `Profile "${previous.name}" is read-only; a save does not change that: use profiles.setReadOnly, confirmed with the profile's name`,
        )
      }
    })
    for (const key of secretKeys) {
      const value = secrets[key]
      if (value !== undefined) await this.secrets.set(saved.id, key, value)
    }
    this.changed(saved)
    return this.view(saved)
  }

  async remove(id: string): Promise<{ removed: boolean }> {
    this.assertEditable('profiles.remove')
    const removed = await this.store.remove(id)
    if (removed) await this.secrets.removeProfile(id)
    this.known.delete(id)
    this.invalidate(id)
    return { removed }
  }

  async setActive(id: string): Promise<{ activeId: string }> {
    return { activeId: await this.store.setActive(id) }
  }

  /** The one way to lift a profile's read-only flag: `confirm` must be the profile's name. */
  async setReadOnly(input: { id: string; readOnly: boolean; confirm?: string }): Promise<ProfileView> {
    this.assertEditable('profiles.setReadOnly')
    if (!input.readOnly) {
      const current = await this.store.get(input.id)
      if (input.confirm?.trim() !== current.name) {
        throw new ApiError(
          'INVALID_INPUT',
          `To make profile "${current.name}" writable, confirm with its name (confirm: "${current.name}")`,
          { issues: [{ path: 'confirm', message: 'must be the profile name' }] },
        )
      }
    }
    const saved = await this.store.setReadOnly(input.id, input.readOnly)
    this.changed(saved)
    return this.view(saved)
  }

  async test(id: string) {
    return testConnection(await this.store.get(id), this.secrets)
  }

  /** Refuses an edit of Keytrail's own settings on a host started with --read-only. */
  assertEditable(method: string): void {
    if (this.opts.readOnlyHost) throw readOnlyHostError(method)
  }

  close(): void {
    this.store.unwatch()
  }

  private changed(p: Profile): void {
    this.known.set(p.id, JSON.stringify(p))
    this.invalidate(p.id)
  }

  private remember(profiles: Profile[]): void {
    for (const p of profiles) if (!this.known.has(p.id)) this.known.set(p.id, JSON.stringify(p))
  }

  /** After another process changed the file: drop the caches of every profile it changed or removed. */
  private async reconcile(): Promise<void> {
    const { profiles } = await this.store.list()
    const now = new Map(profiles.map((p) => [p.id, JSON.stringify(p)]))
    // Also ids never listed here: a monitor may have been opened for one by its id alone.
    for (const id of new Set([...this.known.keys(), ...now.keys()])) {
      if (now.get(id) !== this.known.get(id)) this.invalidate(id)
    }
    this.known = now
  }
}

/** What a host started with --read-only answers to any change. */
export function readOnlyHostError(method: string): ApiError {
  return new ApiError('READ_ONLY', `This host was started with --read-only: ${method} is refused`)
}

/**
 * A user name or password in a URL would be written to profiles.json in clear and echoed by every
 * error message that names the URL; they belong in the auth settings and the secret store.
 */
function refuseUrlCredentials(profile: Profile): void {
  const fields = [
    ['profile.flink.url', profile.flink?.url],
    ['profile.schemaRegistry.url', profile.schemaRegistry?.url],
  ] as const
  for (const [field, url] of fields) {
    if (url && hasUrlCredentials(url)) {
      const message = `${field} must not contain a user name or password: set the auth type and user, and give the password as a secret`
      throw new ApiError('INVALID_INPUT', message, { issues: [{ path: field, message }] })
    }
  }
}
