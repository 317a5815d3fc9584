import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Router } from '../api/router'
import { createCoreRouter } from '../core'
import { ProfileStore } from '../profiles/profile-store'
import { FileSecretStore } from '../profiles/secret-store'

export interface TempCore {
  dir: string
  router: Router
  profiles: ProfileStore
  secrets: FileSecretStore
  cleanup(): void
}

/** A real core over a fresh temporary config dir, outputs validated against the contract. */
export function tempCore(env: NodeJS.ProcessEnv = {}): TempCore {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'keytrail-test-'))
  const profiles = ProfileStore.inDir(dir)
  const secrets = new FileSecretStore(path.join(dir, 'secrets.json'), undefined, env)
  const router = createCoreRouter(
    { profiles, secrets, host: 'test', version: '0.0.0-test', stateDir: dir },
    {
      validateOutputs: true,
    },
  )
  return { dir, router, profiles, secrets, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

/** A local port that nothing listens on (for honest "unreachable" answers). */
export const CLOSED_PORT = 1

/** Points the built-in profile at ports nothing listens on, so health checks fail fast and honestly. */
export async function localOnClosedPorts(core: TempCore, withFlink: boolean): Promise<void> {
  await core.profiles.save({
    ...(await core.profiles.get('local')),
    kafka: {
      brokers: [`127.0.0.1:${CLOSED_PORT}`],
      clientId: 'keytrail',
      connectionTimeoutMs: 200,
      requestTimeoutMs: 500,
    },
    flink: withFlink ? { url: `http://127.0.0.1:${CLOSED_PORT}`, timeoutMs: 500 } : undefined,
  })
}
