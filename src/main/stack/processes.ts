import { spawn } from 'node:child_process'
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { sleep } from '../util/sleep'

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

export function readPid(file: string): number | undefined {
  if (!existsSync(file)) return undefined
  const pid = Number(readFileSync(file, 'utf8').trim())
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : undefined
}

/** The scheduler state letter of each of a process's threads (R, S, D, T…), from /proc; empty when it is gone. */
export function threadStates(pid: number): string[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((tid) => {
      try {
        // The state follows the parenthesised command name, which may itself hold spaces or ')'.
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8')
        const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3)
        return state ? [state] : []
      } catch {
        return [] // the thread ended while we listed them
      }
    })
  } catch {
    return []
  }
}

/** A process's command line, its arguments joined by spaces ('' when it is gone). */
export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim()
  } catch {
    return ''
  }
}

/** Starts a long-lived process detached from us, its output appended to a log, its pid in a file. */
export function startDetached(
  cmd: string,
  args: string[],
  opts: { log: string; pidFile: string; cwd?: string; env?: NodeJS.ProcessEnv },
): number {
  mkdirSync(path.dirname(opts.log), { recursive: true })
  mkdirSync(path.dirname(opts.pidFile), { recursive: true })
  const fd = openSync(opts.log, 'a')
  const child = spawn(cmd, args, {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    detached: true,
    stdio: ['ignore', fd, fd],
  })
  closeSync(fd)
  if (!child.pid) throw new Error(`Could not start ${cmd}`)
  child.unref()
  writeFileSync(opts.pidFile, String(child.pid))
  return child.pid
}

/** SIGTERM, then SIGKILL after the grace period; resumes a stopped (SIGSTOP) process first. */
export async function stopProcess(pidFile: string, graceMs = 20_000): Promise<boolean> {
  const pid = readPid(pidFile)
  if (!pid) {
    rmSync(pidFile, { force: true })
    return false
  }
  try {
    process.kill(pid, 'SIGCONT')
    process.kill(pid, 'SIGTERM')
  } catch {
    // already gone
  }
  const deadline = Date.now() + graceMs
  while (isAlive(pid) && Date.now() < deadline) await sleep(200)
  if (isAlive(pid)) process.kill(pid, 'SIGKILL')
  while (isAlive(pid)) await sleep(100)
  rmSync(pidFile, { force: true })
  return true
}

/** Is something accepting connections on 127.0.0.1:port? */
export function portOpen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host })
    const done = (open: boolean): void => {
      socket.destroy()
      resolve(open)
    }
    socket.setTimeout(1000, () => done(false))
    socket.once('connect', () => done(true))
    socket.once('error', () => done(false))
  })
}

export async function waitFor<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | undefined>,
  intervalMs = 500,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let lastError: unknown
  while (Date.now() < deadline) {
    try {
      const value = await probe()
      if (value !== undefined) return value
    } catch (err) {
      lastError = err
    }
    await sleep(intervalMs)
  }
  throw new Error(
    `Timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}${lastError ? ` (${String(lastError)})` : ''}`,
  )
}
