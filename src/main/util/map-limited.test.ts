import { describe, expect, it } from 'vitest'
import { mapLimited } from './map-limited'

const tick = () => new Promise((r) => setTimeout(r, 1))

describe('mapLimited', () => {
  it('runs every item, never more than the limit at once', async () => {
    let inFlight = 0
    let most = 0
    const done: number[] = []
    await mapLimited(
      Array.from({ length: 50 }, (_, i) => i),
      4,
      async (i) => {
        most = Math.max(most, ++inFlight)
        await tick()
        inFlight--
        done.push(i)
      },
    )
    expect(done.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i))
    expect(most).toBe(4)
  })

  it('rejects with the first error after the started calls settle, and starts no new ones', async () => {
    const started: number[] = []
    let settled = 0
    const run = mapLimited([1, 2, 3, 4, 5, 6], 2, async (i) => {
      started.push(i)
      await tick()
      settled++
      if (i === 2) throw new Error('disk full')
    })
    await expect(run).rejects.toThrow('disk full')
    expect(settled).toBe(started.length)
    expect(started.length).toBeLessThan(6)
  })

  it('answers in the order of the items, whatever order the calls end in', async () => {
    const out = await mapLimited([30, 1, 15, 5], 4, async (ms) => {
      await new Promise((r) => setTimeout(r, ms))
      return ms * 2
    })
    expect(out).toEqual([60, 2, 30, 10])
  })

  it('does nothing for no items', async () => {
    await expect(mapLimited([], 8, async () => Promise.reject(new Error('never')))).resolves.toEqual([])
  })

  it('with keepGoing, tries every item after a failure, then rejects with the first error', async () => {
    const tried: number[] = []
    const run = mapLimited(
      [1, 2, 3, 4, 5, 6],
      2,
      async (i) => {
        tried.push(i)
        await tick()
        if (i === 2 || i === 5) throw new Error(`failed ${i}`)
        return i
      },
      { keepGoing: true },
    )
    await expect(run).rejects.toThrow('failed 2')
    expect(tried.sort()).toEqual([1, 2, 3, 4, 5, 6])
  })
})
