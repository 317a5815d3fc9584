import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDirEach } from '../test-support/temp-dir'
import { writeFileAtomic } from './atomic-write'

describe('writeFileAtomic', () => {
  const tmp = tempDirEach('atomic')

  it('lets 50 writes of one file in the same millisecond all succeed and leaves no temp file', async () => {
    const file = path.join(tmp.path, 'state.json')
    const results = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => writeFileAtomic(file, `${i}`)))
    expect(results.filter((r) => r.status === 'rejected')).toEqual([])
    expect(Number(readFileSync(file, 'utf8'))).toBeGreaterThanOrEqual(0)
    expect(readdirSync(tmp.path)).toEqual(['state.json'])
  })

  it('answers UNAVAILABLE without the full path when the directory cannot be written', async () => {
    const file = path.join(tmp.path, 'nested', 'x.json')
    // A file where the directory should be: mkdir fails with EEXIST/ENOTDIR.
    writeFileSync(path.join(tmp.path, 'nested'), 'not a directory')
    const err = await writeFileAtomic(file, '{}').catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'UNAVAILABLE' })
    expect((err as Error).message).toContain('x.json')
    expect((err as Error).message).not.toContain(tmp.path)
  })
})
