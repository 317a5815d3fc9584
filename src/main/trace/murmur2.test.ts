import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { defaultPartition, murmur2 } from './murmur2'

// kafkajs ports the Java client's murmur2: an independent reference for ours.
const require = createRequire(import.meta.url)
const reference = require('kafkajs/src/producer/partitioners/default/murmur2.js') as (key: Buffer) => number

describe('murmur2', () => {
  it('agrees with the Java-compatible reference on keys of every length', () => {
    for (let len = 0; len < 40; len++) {
      const key = Buffer.from(Array.from({ length: len }, (_, i) => (i * 37 + len) % 256))
      expect(murmur2(key)).toBe(reference(key))
    }
    for (const k of ['ord-2806a7b20000', 'pay-1', 'a', 'hello world'])
      expect(murmur2(Buffer.from(k))).toBe(reference(Buffer.from(k)))
  })

  it('maps keys into the partition range', () => {
    for (let i = 0; i < 1000; i++) {
      const p = defaultPartition(Buffer.from(`key-${i}`), 6)
      expect(p).toBeGreaterThanOrEqual(0)
      expect(p).toBeLessThan(6)
    }
  })
})
