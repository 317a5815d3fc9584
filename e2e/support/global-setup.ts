import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startServe } from './serve'

/**
 * One browser-mode host for the run, on a fresh config dir. Tests read its URL from
 * KEYTRAIL_E2E_URL. The built app (npm run build) must exist; `npm test` builds it first.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const configDir = mkdtempSync(path.join(os.tmpdir(), 'keytrail-e2e-'))
  const reports = path.resolve(import.meta.dirname, '../../reports')
  mkdirSync(reports, { recursive: true })
  const served = await startServe(
    { KEYTRAIL_CONFIG_DIR: configDir, KEYTRAIL_STATE_DIR: path.join(configDir, 'state') },
    [],
    path.join(reports, 'e2e-serve.log'),
  )
  process.env.KEYTRAIL_E2E_URL = served.url
  process.env.KEYTRAIL_E2E_CONFIG_DIR = configDir
  return async () => {
    await served.stop()
    rmSync(configDir, { recursive: true, force: true })
  }
}
