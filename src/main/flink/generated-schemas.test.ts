import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const root = path.resolve(import.meta.dirname, '../../..')

describe('generated Flink schemas', () => {
  it('are up to date with Flink’s specs', () => {
    const res = spawnSync(process.execPath, [path.join(root, 'scripts/gen-flink-schemas.mjs'), '--check'], {
      encoding: 'utf8',
    })
    expect(res.stderr).toBe('')
    expect(res.status).toBe(0)
  })
})
