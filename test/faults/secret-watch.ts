import { randomBytes } from 'node:crypto'
import { readFileSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'

/**
 * A password planted in the fault suite's profile (Flink basic auth, so that it travels on every
 * Flink request, through every fault) and the forms it could leak in: as typed, and as the
 * Authorization header's base64. Everything the console says or writes is searched for them.
 */
export class SecretWatch {
  readonly user = 'keytrail-canary'
  readonly password = `kt-canary-${randomBytes(12).toString('hex')}`
  private readonly needles: string[]
  /** Where a needle was found ("api lag.groups answer", "state/…/file"), at most 50. */
  readonly found: string[] = []
  /** How many answers, outputs and files were searched. */
  searched = 0

  constructor() {
    const basic = Buffer.from(`${this.user}:${this.password}`).toString('base64')
    // The password's hex core alone as well: a message that cuts or re-encodes it keeps that.
    this.needles = [this.password, basic, this.password.slice('kt-canary-'.length)]
  }

  /** Searches one text (an answer, a CLI's output, a log). */
  check(where: string, text: string | undefined): void {
    if (text === undefined) return
    this.searched++
    if (this.found.length < 50 && this.needles.some((n) => text.includes(n))) this.found.push(where)
  }

  /** Searches every file under `dir` but those named in `except` (the secret store itself). */
  checkFiles(dir: string, except: string[] = []): void {
    const walk = (d: string) => {
      for (const name of readdirSync(d)) {
        const p = path.join(d, name)
        const st = statSync(p, { throwIfNoEntry: false })
        if (!st) continue
        if (st.isDirectory()) walk(p)
        else if (st.isFile() && !except.includes(p)) this.check(p, readFileSync(p, 'latin1'))
      }
    }
    walk(dir)
  }
}
