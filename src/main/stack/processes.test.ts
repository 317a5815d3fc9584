import { spawn } from 'node:child_process'
import { afterEach, describe, expect, it } from 'vitest'
import { commandLine, isAlive, threadStates } from './processes'

const children: number[] = []
afterEach(() => {
  for (const pid of children.splice(0)) if (isAlive(pid)) process.kill(pid, 'SIGKILL')
})

async function until<T>(what: string, fn: () => T | undefined): Promise<T> {
  const deadline = Date.now() + 5_000
  for (;;) {
    const v = fn()
    if (v !== undefined) return v
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

describe('process inspection through /proc', () => {
  it('reads the command line and the state of every thread of a process', async () => {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', 'marker-arg'], { stdio: 'ignore' })
    children.push(child.pid!)
    await until('the child to exec node', () => (commandLine(child.pid!).includes('marker-arg') ? true : undefined))
    expect(commandLine(child.pid!)).toContain(process.execPath)
    // node runs several threads (libuv's pool, V8's workers): all of them are listed.
    await until('its threads', () => (threadStates(child.pid!).length > 1 ? true : undefined))
    process.kill(child.pid!, 'SIGSTOP')
    const stopped = await until('every thread stopped', () => {
      const s = threadStates(child.pid!)
      return s.length > 0 && s.every((x) => x === 'T') ? s : undefined
    })
    expect(stopped.length).toBeGreaterThan(1)
    process.kill(child.pid!, 'SIGCONT')
    await until('the threads to run again', () => (threadStates(child.pid!).includes('T') ? undefined : true))
  })

  it('answers empty for a process that is gone', async () => {
    const child = spawn('true')
    await new Promise((r) => child.on('exit', r))
    await until('the exited child to be reaped', () => (isAlive(child.pid!) ? undefined : true))
    expect(threadStates(child.pid!)).toEqual([])
    expect(commandLine(child.pid!)).toBe('')
  })
})
