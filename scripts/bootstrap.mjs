// Makes a fresh clone runnable: installs node_modules when missing or older than the lock file,
// and builds when the build is missing or older than the sources.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

export function run(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts })
  if (res.error) throw res.error
  return res.status ?? 1
}

function newestMtime(dir) {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs)
  }
  return newest
}

export function ensureDependencies() {
  const marker = path.join(root, 'node_modules/.package-lock.json')
  const lock = path.join(root, 'package-lock.json')
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return
  console.log('keytrail: installing dependencies (npm ci)…')
  if (run('npm', ['ci', '--no-audit', '--no-fund']) !== 0) throw new Error('npm ci failed')
}

export function ensureBuild() {
  const built = path.join(root, 'out/main/cli.js')
  const sources = Math.max(
    newestMtime(path.join(root, 'src')),
    statSync(path.join(root, 'electron.vite.config.ts')).mtimeMs,
  )
  if (existsSync(built) && existsSync(path.join(root, 'out/renderer/index.html')) && statSync(built).mtimeMs >= sources)
    return
  console.log('keytrail: building…')
  if (run('npx', ['electron-vite', 'build']) !== 0) throw new Error('build failed')
}
