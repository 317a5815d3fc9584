import { appendFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDirEach } from '../test-support/temp-dir'
import { safeFileName } from '../util/safe-file-name'
import { LagHistory, type StoredSample } from './lag-history'

const sample = (t: number, lag: number): StoredSample => ({
  t,
  lag,
  lagSeconds: null,
  produceRate: null,
  consumeRate: null,
  status: 'OK',
})

describe('LagHistory file names', () => {
  const tmp = tempDirEach('lag-history')

  it('stores and reads back any group name: a lone surrogate, 300 characters, dots, slashes', async () => {
    const history = new LagHistory(tmp.path)
    const t = Date.now()
    const names = ['orders\uD800svc', '\uDC00', 'g'.repeat(300), 'é'.repeat(200), '..', 'a/b\\c', 'orders-service']
    await history.append(new Map(names.map((g, i) => [g, sample(t, i)])))
    for (const [i, g] of names.entries()) {
      expect(
        (await history.read(g, t - 1000)).map((s) => s.lag),
        g.slice(0, 20),
      ).toEqual([i])
    }
    const dirs = readdirSync(tmp.path)
    expect(dirs).toHaveLength(names.length)
    for (const d of dirs) expect(Buffer.byteLength(d)).toBeLessThanOrEqual(100)
    // A readable prefix: the directory of a plain name starts with it.
    expect(dirs.some((d) => d.startsWith('orders-service-'))).toBe(true)
  })

  it('keeps two names apart that differ only in characters the prefix drops', async () => {
    const history = new LagHistory(tmp.path)
    const t = Date.now()
    await history.append(
      new Map([
        ['a\uD800', sample(t, 1)],
        ['a\uD801', sample(t, 2)],
        ['a/b', sample(t, 3)],
        ['a_b', sample(t, 4)],
      ]),
    )
    expect((await history.read('a\uD800', t - 1)).map((s) => s.lag)).toEqual([1])
    expect((await history.read('a\uD801', t - 1)).map((s) => s.lag)).toEqual([2])
    expect((await history.read('a/b', t - 1)).map((s) => s.lag)).toEqual([3])
    expect((await history.read('a_b', t - 1)).map((s) => s.lag)).toEqual([4])
  })

  it("writes every other group's sample when one group's cannot be written, then says so", async () => {
    const history = new LagHistory(tmp.path)
    const t = Date.now()
    // The broken group's directory is a file: its append fails (ENOTDIR), as on a damaged disk.
    writeFileSync(path.join(tmp.path, safeFileName('broken')), '')
    const groups = ['a', 'broken', ...Array.from({ length: 40 }, (_, i) => `g${i}`)]
    const err = await history.append(new Map(groups.map((g, i) => [g, sample(t, i)]))).catch((e: unknown) => e)
    expect((err as NodeJS.ErrnoException).code).toBe('ENOTDIR')
    for (const [i, g] of groups.entries()) {
      if (g !== 'broken') expect((await history.read(g, t - 1000)).map((s) => s.lag)).toEqual([i])
    }
  })

  it('still reads samples written under the old directory names', async () => {
    const t = Date.now()
    const hour = new Date(Math.floor(t / 3_600_000) * 3_600_000).toISOString().slice(0, 13)
    const old = path.join(tmp.path, 'my%20group%2Ev2')
    mkdirSync(old)
    writeFileSync(path.join(old, `${hour}.jsonl`), `${JSON.stringify(sample(t - 10, 7))}\n`)
    const history = new LagHistory(tmp.path)
    await history.append(new Map([['my group.v2', sample(t, 8)]]))
    expect((await history.read('my group.v2', t - 1000)).map((s) => s.lag)).toEqual([7, 8])
  })

  it('reads the good samples of a damaged hour and sets the damaged lines aside when it is thinned', async () => {
    const hourStart = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 2 * 3_600_000
    const dir = path.join(tmp.path, safeFileName('g'))
    mkdirSync(dir)
    const file = path.join(dir, `${new Date(hourStart).toISOString().slice(0, 13)}.jsonl`)
    const good = (t: number, lag: number) => `${JSON.stringify(sample(t, lag))}\n`
    writeFileSync(file, `${good(hourStart + 1_000, 1)}{"t":${hourStart + 2_000},"lag":\n{"t":"x"}\n`)
    appendFileSync(file, good(hourStart + 120_000, 3))
    const history = new LagHistory(tmp.path)
    expect((await history.read('g', hourStart)).map((s) => s.lag)).toEqual([1, 3])
    await history.compact()
    expect(readdirSync(dir).filter((f) => f.endsWith('.c1.jsonl'))).toHaveLength(1)
    expect((await history.read('g', hourStart)).map((s) => s.lag)).toEqual([1, 3])
    expect(readFileSync(`${file}.damaged`, 'utf8')).toBe(`{"t":${hourStart + 2_000},"lag":\n{"t":"x"}\n`)
  })
})
