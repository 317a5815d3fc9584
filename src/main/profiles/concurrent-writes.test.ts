import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ProfileInput } from '../../shared/contract'
import { localOnClosedPorts, tempCore, type TempCore } from '../test-support/temp-core'

const profile = (id: string): ProfileInput => ({
  id,
  name: id,
  environment: 'dev',
  readOnly: true,
  kafka: { brokers: ['127.0.0.1:1'] },
})

describe('concurrent writes of config and state files', () => {
  let core: TempCore
  beforeEach(() => {
    core = tempCore()
  })
  afterEach(async () => {
    await (core.router as { close?: () => Promise<void> }).close?.()
    core.cleanup()
  })

  it('30 concurrent profile saves with a password keep 30 profiles and 30 secrets', async () => {
    const ids = Array.from({ length: 30 }, (_, i) => `p${i}`)
    const results = await Promise.all(
      ids.map((id) =>
        core.router.call(
          'profiles.save',
          { profile: profile(id), secrets: { kafkaPassword: `pw-${id}` } },
          { transport: 'test' },
        ),
      ),
    )
    expect(results.filter((r) => !r.ok)).toEqual([])
    const onDisk = JSON.parse(readFileSync(path.join(core.dir, 'secrets.json'), 'utf8')) as Record<
      string,
      { kafkaPassword?: string }
    >
    expect(ids.filter((id) => onDisk[id]?.kafkaPassword === `pw-${id}`)).toEqual(ids)
    const saved = JSON.parse(readFileSync(path.join(core.dir, 'profiles.json'), 'utf8')) as {
      profiles: Array<{ id: string }>
    }
    expect(saved.profiles.map((p) => p.id).sort()).toEqual(['local', ...ids].sort())
  })

  it('30 concurrent alert rules of different groups are all kept', async () => {
    await localOnClosedPorts(core, false)
    const groups = Array.from({ length: 30 }, (_, i) => `group-${i}`)
    const results = await Promise.all(
      groups.map((group, i) =>
        core.router.call(
          'lag.setRules',
          { id: 'local', group, rules: { lagSecondsAbove: i + 1 } },
          { transport: 'test' },
        ),
      ),
    )
    expect(results.filter((r) => !r.ok)).toEqual([])
    const rules = JSON.parse(readFileSync(path.join(core.dir, 'lag', 'local', 'alerts.json'), 'utf8')) as Record<
      string,
      { lagSecondsAbove: number }
    >
    expect(groups.filter((g, i) => rules[g]?.lagSecondsAbove === i + 1)).toEqual(groups)
  })
})
