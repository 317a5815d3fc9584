// Finds the Electron binary without triggering Electron's download-on-require.
// Electron fetches it from the internet on first install; offline machines do not have it.
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const electronDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../node_modules/electron')

/** @returns {{ path: string } | { path: undefined, reason: string }} */
export function findElectronBinary() {
  const pathFile = path.join(electronDir, 'path.txt')
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH
  const rel = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined
  const full = override ? path.join(override, rel ?? 'electron') : rel ? path.join(electronDir, 'dist', rel) : undefined
  if (full && existsSync(full)) return { path: full }
  return {
    path: undefined,
    reason:
      'The Electron binary is not installed (Electron downloads it on first install, which needs the internet). ' +
      'Run `npx install-electron` where the internet is reachable, or use browser mode: `npm run serve`.',
  }
}
