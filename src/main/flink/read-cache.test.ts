import { describe, expect, it } from 'vitest'
import { ReadCache } from './read-cache'

describe('ReadCache', () => {
  it('shares one read among askers within the ttl and reads again after it', async () => {
    let t = 0
    let loads = 0
    const cache = new ReadCache(10, () => t)
    const load = async () => ++loads
    expect(await Promise.all([cache.get('a', 1000, load), cache.get('a', 1000, load)])).toEqual([1, 1])
    t = 900
    expect(await cache.get('a', 1000, load)).toBe(1)
    t = 1001
    expect(await cache.get('a', 1000, load)).toBe(2)
    expect(await cache.get('b', 1000, load)).toBe(3)
  })

  it('never keeps a failure', async () => {
    const cache = new ReadCache(10, () => 0)
    await expect(cache.get('a', 1000, () => Promise.reject(new Error('down')))).rejects.toThrow('down')
    expect(await cache.get('a', 1000, async () => 'up')).toBe('up')
  })

  it("ends only the aborted caller's wait", async () => {
    const cache = new ReadCache(10, () => 0)
    let finish: (v: string) => void = () => undefined
    const load = () => new Promise<string>((r) => (finish = r))
    const ac = new AbortController()
    const aborted = cache.get('a', 1000, load, ac.signal)
    const other = cache.get('a', 1000, load)
    ac.abort(new Error('gone'))
    await expect(aborted).rejects.toThrow('gone')
    finish('answer')
    expect(await other).toBe('answer')
  })

  it('stays within its size, dropping expired answers first, then the oldest', async () => {
    let t = 0
    const cache = new ReadCache(3, () => t)
    await cache.get('old', 10, async () => 0)
    t = 100
    for (const k of ['a', 'b', 'c', 'd']) await cache.get(k, 1000, async () => k)
    expect(cache.size).toBe(3)
    expect(await cache.get('d', 1000, async () => 'reloaded')).toBe('d')
    expect(await cache.get('a', 1000, async () => 'reloaded')).toBe('reloaded')
  })
})
