// `npm start`: on the local demo stack when no other cluster is configured, brings the stack up
// first; then the desktop app where the Electron binary exists, else the same console in a browser.
import { spawn, spawnSync } from 'node:child_process'
import path from 'node:path'
import { ensureBuild, ensureDependencies, root, run } from './bootstrap.mjs'

ensureDependencies()
ensureBuild()
const cli = path.join(root, 'bin/keytrail.js')

function activeProfile() {
  const res = spawnSync(process.execPath, [cli, 'profiles', 'list', '--json'], { encoding: 'utf8' })
  try {
    return JSON.parse(res.stdout).activeId
  } catch {
    return undefined
  }
}

const hasTool = (cmd, args) => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0
if (activeProfile() === 'local') {
  if (!hasTool('java', ['-version']) || !hasTool('mvn', ['-v'])) {
    console.log(
      'keytrail: the local demo stack needs Java 17+ and Maven (apt-get install openjdk-17-jdk-headless maven);',
    )
    console.log('keytrail: opening the console without it — add your own cluster under Connections.')
  } else if (run(process.execPath, [cli, 'stack', 'up']) !== 0) {
    console.log(
      'keytrail: the local demo stack did not come up (see above, and `keytrail stack logs`); opening the console anyway.',
    )
  }
}

const { findElectronBinary } = await import('./electron-binary.mjs')
const electron = findElectronBinary()
const child = electron.path
  ? spawn(electron.path, [root], { stdio: 'inherit' })
  : (console.log(`keytrail: ${electron.reason}\nkeytrail: opening browser mode instead.`),
    spawn(process.execPath, [cli, 'serve', '--open', ...process.argv.slice(2)], { stdio: 'inherit' }))
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
child.on('exit', (code) => process.exit(code ?? 0))
