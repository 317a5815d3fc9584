import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { tempDirEach } from '../test-support/temp-dir'
import { forEachJsonLine, reportDamage, setAside } from './json-lines'

const schema = z.object({ at: z.number(), v: z.string() })

describe('forEachJsonLine', () => {
  const tmp = tempDirEach('json-lines')

  it('reads every good line around torn, garbled and wrongly shaped ones, and says which', async () => {
    const file = path.join(tmp.path, 'log.jsonl')
    const good = (i: number) => JSON.stringify({ at: i, v: `e${i}` })
    // A torn write in the middle, binary garbage, a record of the wrong shape, a truncated last line.
    writeFileSync(
      file,
      [good(1), '{"at":2,"v":"e', good(3), '\u0000\u00ff\u0001', '{"at":"x"}', good(4), '{"at":5,'].join('\n'),
    )
    const seen: number[] = []
    const r = await forEachJsonLine(file, schema, (e) => seen.push(e.at))
    expect(seen).toEqual([1, 3, 4])
    expect(r).toMatchObject({ good: 3, bad: 4, first: { line: 2 } })
    expect(r.first?.reason).toMatch(/^not JSON/)
    expect(r.badLines).toEqual(['{"at":2,"v":"e', '\u0000\u00ff\u0001', '{"at":"x"}', '{"at":5,'])
  })

  it('reads a missing file as an empty one', async () => {
    const r = await forEachJsonLine(path.join(tmp.path, 'none.jsonl'), schema, () => undefined)
    expect(r).toEqual({ good: 0, bad: 0, badLines: [] })
  })

  it('sets damaged lines aside and reports a file once per count', async () => {
    const file = path.join(tmp.path, 'h.jsonl')
    writeFileSync(file, '{"at":1,"v":"a"}\nnot json\n')
    const r = await forEachJsonLine(file, schema, () => undefined)
    await setAside(file, r)
    expect(readFileSync(`${file}.damaged`, 'utf8')).toBe('not json\n')
    const said: string[] = []
    reportDamage(file, r, (s) => said.push(s))
    reportDamage(file, r, (s) => said.push(s))
    expect(said).toHaveLength(1)
    expect(said[0]).toContain('1 damaged line(s) skipped (first: line 2')
  })
})
