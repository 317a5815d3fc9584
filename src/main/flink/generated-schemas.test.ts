import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const root = path.resolve(import.meta.dirname, '../../..')
const specs = process.env.KEYTRAIL_FLINK_SPECS ?? path.resolve(root, '../shared/reference/flink')

describe('generated Flink schemas', () => {
  it.skipIf(!existsSync(specs))('are up to date with Flink’s specs', () => {
    const res = spawnSync(process.execPath, [path.join(root, 'scripts/gen-flink-schemas.mjs'), '--check'], {
      encoding: 'utf8',
    })
    expect(res.stderr).toBe('')
    expect(res.status).toBe(0)
  })
})
