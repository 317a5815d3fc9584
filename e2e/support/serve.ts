import { spawn, type ChildProcess } from 'node:child_process'
import { createWriteStream } from 'node:fs'
import path from 'node:path'

export interface Served {
  url: string
  process: ChildProcess
  stop(): Promise<void>
}

/**
 * Starts `keytrail serve --port 0` and resolves with the URL it prints. With `logFile`, what the
 * host writes to stderr (its warnings: a watched order without a verdict, a failed call) is kept
 * there for a failed run to be read.
 */
export function startServe(env: NodeJS.ProcessEnv, extraArgs: string[] = [], logFile?: string): Promise<Served> {
  const root = path.resolve(import.meta.dirname, '../..')
  const child = spawn(process.execPath, [path.join(root, 'bin/keytrail.js'), 'serve', '--port', '0', ...extraArgs], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  return new Promise((resolve, reject) => {
    let out = ''
    let err = ''
    // KEYTRAIL_TEST_SERVE_TIMEOUT_MS: a machine shared by many runs may need longer than 20 s to start a host.
    const ms = Number(process.env.KEYTRAIL_TEST_SERVE_TIMEOUT_MS ?? 20_000)
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`keytrail serve printed no URL in ${ms / 1000} s:\n${out}\n${err}`))
    }, ms)
    const log = logFile ? createWriteStream(logFile, { flags: 'a' }) : undefined
    child.once('exit', () => log?.end())
    child.stderr?.on('data', (d: Buffer) => {
      log?.write(d)
      if (err.length < 64 * 1024) err += d.toString()
    })
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /Keytrail serving at (\S+)/.exec(out)
      if (!m?.[1]) return
      clearTimeout(timer)
      resolve({
        url: m[1],
        process: child,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done()
            // A host that does not exit on SIGTERM would hang the whole run: kill it after 5 s.
            const kill = setTimeout(() => child.kill('SIGKILL'), 5000)
            child.once('exit', () => {
              clearTimeout(kill)
              done()
            })
            child.kill('SIGTERM')
          }),
      })
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`keytrail serve exited with ${code}:\n${out}\n${err}`))
    })
  })
}
