import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach } from 'vitest'

/** A fresh temporary directory for each test of the enclosing describe block, removed after it. */
export function tempDirEach(prefix: string): { readonly path: string } {
  const holder = { path: '' }
  beforeEach(() => {
    holder.path = mkdtempSync(path.join(os.tmpdir(), `keytrail-${prefix}-`))
  })
  afterEach(() => rmSync(holder.path, { recursive: true, force: true }))
  return holder
}
