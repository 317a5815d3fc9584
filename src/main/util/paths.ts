import os from 'node:os'
import path from 'node:path'

/** Where Keytrail keeps profiles and secrets. KEYTRAIL_CONFIG_DIR overrides (tests, portable use). */
export function configDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.KEYTRAIL_CONFIG_DIR) return path.resolve(env.KEYTRAIL_CONFIG_DIR)
  const home = os.homedir()
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Keytrail')
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Keytrail')
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'keytrail')
}

/** Where Keytrail keeps history, the local stack and other regenerable state. */
export function stateDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.KEYTRAIL_STATE_DIR) return path.resolve(env.KEYTRAIL_STATE_DIR)
  const home = os.homedir()
  if (platform === 'win32') return path.join(env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local'), 'Keytrail')
  if (platform === 'darwin') return path.join(home, 'Library', 'Caches', 'Keytrail')
  return path.join(env.XDG_STATE_HOME ?? path.join(home, '.local', 'state'), 'keytrail')
}
