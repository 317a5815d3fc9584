import { spawn } from 'node:child_process'
import { existsSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDirEach } from '../test-support/temp-dir'
import { withFileLock } from './file-lock'

/** The pid of a process that lives until killed, and the kill. */
function liveProcess(): { pid: number; kill(): void } {
  const child = spawn('sleep', ['30'], { stdio: 'ignore' })
  return { pid: child.pid ?? 0, kill: () => child.kill() }
}

async function deadPid(): Promise<number> {
  const child = spawn('true', [], { stdio: 'ignore' })
  await new Promise((r) => child.once('exit', r))
  return child.pid ?? 0
}

describe('withFileLock across processes', () => {
  const tmp = tempDirEach('file-lock')

  it('waits while another live process holds the file, then runs and leaves no lock behind', async () => {
    const file = path.join(tmp.path, 'profiles.json')
    const other = liveProcess()
    try {
      writeFileSync(`${file}.lock`, `${other.pid}\n`)
      setTimeout(() => rmSync(`${file}.lock`, { force: true }), 300)
      const started = Date.now()
      const ran = await withFileLock(file, async () => Date.now() - started)
      expect(ran).toBeGreaterThanOrEqual(250)
      expect(readdirSync(tmp.path)).toEqual([])
    } finally {
      other.kill()
    }
  })

  it('takes over the lock of a process that died holding it', async () => {
    const file = path.join(tmp.path, 'secrets.json')
    writeFileSync(`${file}.lock`, `${await deadPid()}\n`)
    const started = Date.now()
    await withFileLock(file, async () => {
      expect(existsSync(`${file}.lock`)).toBe(true)
    })
    expect(Date.now() - started).toBeLessThan(1_000)
    expect(existsSync(`${file}.lock`)).toBe(false)
  })

  it('takes over an empty lock after a moment (a full disk creates the lock but cannot fill it)', async () => {
    const file = path.join(tmp.path, 'watches.json')
    writeFileSync(`${file}.lock`, '')
    const old = new Date(Date.now() - 5_000)
    utimesSync(`${file}.lock`, old, old)
    expect(await withFileLock(file, async () => 'ran')).toBe('ran')
    expect(existsSync(`${file}.lock`)).toBe(false)
  })

  it('names the state directory and the cause when the lock cannot be made', async () => {
    const file = path.join(tmp.path, 'not-a-dir', 'watches.json')
    writeFileSync(path.join(tmp.path, 'not-a-dir'), 'a file where the directory should be')
    const err = await withFileLock(file, async () => 'ran').catch((e: unknown) => e)
    expect(err).toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringMatching(/^Keytrail's state directory: could not lock watches\.json \((EEXIST|ENOTDIR)/),
    })
  })

  it('runs the callers of one process one at a time', async () => {
    const file = path.join(tmp.path, 'alerts.json')
    let inside = 0
    let most = 0
    await Promise.all(
      Array.from({ length: 20 }, () =>
        withFileLock(file, async () => {
          most = Math.max(most, ++inside)
          await new Promise((r) => setTimeout(r, 2))
          inside--
        }),
      ),
    )
    expect(most).toBe(1)
  })
})
