import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { CallNames, Contract, InputOf, OutputOf } from '../../shared/contract'
import type { Router } from '../api/router'
import { createCoreRouter, type CoreRouter } from '../core'
import { ProfileStore, localProfile } from '../profiles/profile-store'
import { stackProfiles, withStackSecrets } from '../profiles/stack-profiles'
import { FileSecretStore } from '../profiles/secret-store'
import { configDir, stateDir } from '../util/paths'

export function packageVersion(): string {
  for (const rel of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(import.meta.dirname, rel), 'utf8')) as {
        name?: string
        version?: string
      }
      if (pkg.name === 'keytrail' && pkg.version) return pkg.version
    } catch {
      // try the next layout (source tree vs built tree)
    }
  }
  return '0.0.0'
}

/** The core as the CLI and `serve` run it: profiles and a 0600 secrets file in the config dir. */
export function cliRouter(
  env: NodeJS.ProcessEnv,
  host: 'cli' | 'browser',
  opts: { readOnly?: boolean; webhook?: string } = {},
): CoreRouter {
  const dir = configDir(env)
  return createCoreRouter(
    {
      profiles: ProfileStore.inDir(dir, localProfile(env), () => stackProfiles(env)),
      secrets: withStackSecrets(new FileSecretStore(path.join(dir, 'secrets.json'), undefined, env), env),
      host,
      version: packageVersion(),
      stateDir: stateDir(env),
      readOnly: opts.readOnly === true,
      webhook: opts.webhook,
    },
    { onError: (method, err) => process.stderr.write(`[keytrail] ${method} failed: ${String(err)}\n`) },
  )
}

/** Runs a contract call in process (validated like any other), throwing its ApiError. */
export async function invoke<K extends CallNames<Contract>>(
  router: Router,
  method: K,
  input: InputOf<Contract, K>,
  transport: 'cli' | 'test' = 'cli',
): Promise<OutputOf<Contract, K>> {
  const res = await router.call(method, input, { transport })
  if (!res.ok) throw res.error
  return res.value as OutputOf<Contract, K>
}
