import { appendFileSync, mkdtempSync, statSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { generatorSaid } from './faults'

describe('generatorSaid', () => {
  const log = path.join(mkdtempSync(path.join(os.tmpdir(), 'keytrail-generator-said-')), 'generator.log')

  it('resolves once the line appears after the offset, not for one before it', async () => {
    writeFileSync(log, '2026-12-07T18:00:00.000Z stuck-orders on\n')
    const from = statSync(log).size
    const line = /^\S+ stuck-orders on/m
    let done = false
    const waiting = generatorSaid(log, from, line, 5000).then(() => (done = true))
    await new Promise((r) => setTimeout(r, 300))
    expect(done).toBe(false)
    appendFileSync(log, '2026-12-07T18:00:01.000Z 1000 orders created\n2026-12-07T18:00:02.000Z stuck-orders on\n')
    await waiting
    expect(done).toBe(true)
  })

  it('fails naming the log when the generator never says it', async () => {
    await expect(generatorSaid(log, statSync(log).size, /^\S+ stuck-orders off/m, 300)).rejects.toThrow(
      /did not take the switch within 0.3 s .*generator\.log.*traffic/,
    )
  })
})
