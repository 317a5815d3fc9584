// `npm start`: the desktop app where the Electron binary exists, else the same console in a browser.
import { spawn } from 'node:child_process'
import path from 'node:path'
import { ensureBuild, ensureDependencies, root } from './bootstrap.mjs'

ensureDependencies()
ensureBuild()

const { findElectronBinary } = await import('./electron-binary.mjs')
const electron = findElectronBinary()
const child = electron.path
  ? spawn(electron.path, [root], { stdio: 'inherit' })
  : (console.log(`keytrail: ${electron.reason}\nkeytrail: opening browser mode instead.`),
    spawn(process.execPath, [path.join(root, 'bin/keytrail.js'), 'serve', '--open', ...process.argv.slice(2)], {
      stdio: 'inherit',
    }))
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
child.on('exit', (code) => process.exit(code ?? 0))
