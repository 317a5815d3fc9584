import { describe, expect, it } from 'vitest'
import { Coverage } from './coverage'

describe('coverage', () => {
  it('answers what of a range is not read yet, before and after the span read', () => {
    const c = new Coverage()
    expect(c.missing('t', 0, 10, 20)).toEqual([[10, 20]])
    expect(c.missing('t', 0, 5, 5)).toEqual([])
    c.add('t', 0, 10, 20)
    expect(c.missing('t', 0, 12, 18)).toEqual([])
    expect(c.missing('t', 0, 0, 30)).toEqual([
      [0, 10],
      [20, 30],
    ])
    expect(c.missing('t', 0, 15, 25)).toEqual([[20, 25]])
    expect(c.missing('t', 1, 15, 25)).toEqual([[15, 25]])
  })

  it('grows one span per partition and lists them', () => {
    const c = new Coverage()
    c.add('t', 0, 10, 20)
    c.add('t', 0, 20, 30)
    c.add('t', 0, 5, 5)
    c.add('u', 2, 0, 1)
    expect(c.get('t', 0)).toEqual([10, 30])
    expect(c.all()).toEqual([
      { topic: 't', partition: 0, from: 10, to: 30 },
      { topic: 'u', partition: 2, from: 0, to: 1 },
    ])
  })
})
