import { spawnSync } from 'node:child_process'
import { chmodSync, closeSync, mkdirSync, openSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs'
import path from 'node:path'

function sh(cmd: string, args: string[]): { ok: boolean; out: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8' })
  return { ok: r.status === 0, out: `${r.stdout}${r.stderr}`.trim() }
}

function chmodTree(dir: string, mode: number): void {
  chmodSync(dir, mode)
  for (const e of readdirSync(dir, { withFileTypes: true }))
    if (e.isDirectory()) chmodTree(path.join(dir, e.name), mode)
}

/**
 * The host's state directory, on a small tmpfs of its own when we may mount one (root), so that it
 * can really become read-only (EROFS: root ignores permission bits, a read-only mount it does not)
 * or full (ENOSPC). Without a mount the read-only fault falls back to chmod, which binds only a
 * non-root user, and the full fault cannot be made honestly: `fullReason` says why.
 */
export class StateVolume {
  private filler: string | undefined

  private constructor(
    readonly dir: string,
    readonly mounted: boolean,
    readonly mountProblem: string | undefined,
  ) {}

  static create(dir: string, sizeKb = 8192): StateVolume {
    mkdirSync(dir, { recursive: true })
    const r =
      process.getuid?.() === 0
        ? sh('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k,mode=0700`, 'keytrail-faults', dir])
        : { ok: false, out: 'not root' }
    return new StateVolume(dir, r.ok, r.ok ? undefined : r.out)
  }

  /** Why the full fault cannot run here, or undefined when it can. */
  get fullReason(): string | undefined {
    return this.mounted ? undefined : `no tmpfs for the state directory (${this.mountProblem})`
  }

  /** Why the read-only fault cannot bind here, or undefined when it can. */
  get readOnlyReason(): string | undefined {
    return this.mounted || process.getuid?.() !== 0
      ? undefined
      : `running as root without a mount (${this.mountProblem})`
  }

  readOnly(on: boolean): void {
    if (this.mounted) {
      const r = sh('mount', ['-o', `remount,${on ? 'ro' : 'rw'}`, this.dir])
      if (!r.ok) throw new Error(`remounting ${this.dir} ${on ? 'read-only' : 'read-write'} failed: ${r.out}`)
    } else chmodTree(this.dir, on ? 0o500 : 0o700)
  }

  /** Fills the volume until the kernel says ENOSPC; returns the bytes written. */
  fill(): number {
    if (!this.mounted) throw new Error(this.fullReason)
    this.filler = path.join(this.dir, 'fault-filler')
    const fd = openSync(this.filler, 'w')
    const block = Buffer.alloc(16 * 1024, 0x66)
    let written = 0
    try {
      for (;;) written += writeSync(fd, block)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err
    } finally {
      closeSync(fd)
    }
    // Whatever a single block could not take: fill the last bytes too.
    try {
      const tail = openSync(this.filler, 'a')
      try {
        for (;;) written += writeSync(tail, Buffer.alloc(1))
      } finally {
        closeSync(tail)
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err
    }
    return written
  }

  unfill(): void {
    if (this.filler) rmSync(this.filler, { force: true })
    this.filler = undefined
  }

  /** Bytes used on the volume (for the report). */
  used(): number {
    let total = 0
    const walk = (d: string): void => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name)
        if (e.isDirectory()) walk(p)
        else total += statSync(p).size
      }
    }
    walk(this.dir)
    return total
  }

  dispose(): void {
    this.unfill()
    if (this.mounted) {
      sh('mount', ['-o', 'remount,rw', this.dir])
      const r = sh('umount', [this.dir])
      if (!r.ok) sh('umount', ['-l', this.dir])
    }
    rmSync(this.dir, { recursive: true, force: true })
  }
}
