import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { profileSchema, type ProfileInput } from '../../shared/contract'
import type { CallResult } from '../api/router'
import { createCoreRouter, type CoreRouter } from '../core'
import { tempDirEach } from '../test-support/temp-dir'
import { ProfileService } from './profile-service'
import { ProfileStore } from './profile-store'
import { FileSecretStore } from './secret-store'

const prod = (over: Partial<ProfileInput> = {}): ProfileInput => ({
  id: 'prod-eu',
  name: 'Prod EU',
  environment: 'prod',
  readOnly: true,
  kafka: { brokers: ['127.0.0.1:1'] },
  ...over,
})

describe('profiles.* through the core', () => {
  let dir: string
  let router: CoreRouter
  const open = (readOnly = false) => {
    router = createCoreRouter(
      {
        profiles: ProfileStore.inDir(dir),
        secrets: new FileSecretStore(path.join(dir, 'secrets.json'), undefined, {}),
        host: 'test',
        version: '0.0.0-test',
        stateDir: dir,
        readOnly,
      },
      { validateOutputs: true },
    )
  }
  const call = (method: string, input: unknown): Promise<CallResult> =>
    router.call(method, input, { transport: 'test' })
  const codeOf = (r: CallResult) => (r.ok ? 'ok' : r.error.code)

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'keytrail-profile-service-'))
    open()
  })
  afterEach(async () => {
    await router.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('keeps a read-only profile read-only through a plain save', async () => {
    expect(codeOf(await call('profiles.save', { profile: prod() }))).toBe('ok')
    const lifted = await call('profiles.save', { profile: prod({ readOnly: false, name: 'Prod EU' }) })
    expect(codeOf(lifted)).toBe('READ_ONLY')
    expect(lifted.ok ? '' : lifted.error.message).toMatch(/profiles\.setReadOnly/)
    const list = await call('profiles.list', {})
    expect(list.ok && (list.value as { profiles: Array<{ id: string; readOnly: boolean }> }).profiles).toContainEqual(
      expect.objectContaining({ id: 'prod-eu', readOnly: true }),
    )
    // The other direction needs no ceremony.
    expect(codeOf(await call('profiles.save', { profile: prod({ id: 'dev', readOnly: false }) }))).toBe('ok')
    expect(codeOf(await call('profiles.save', { profile: prod({ id: 'dev', readOnly: true }) }))).toBe('ok')
  })

  it('makes a profile writable only through profiles.setReadOnly confirmed with its name', async () => {
    await call('profiles.save', { profile: prod() })
    expect(codeOf(await call('profiles.setReadOnly', { id: 'prod-eu', readOnly: false }))).toBe('INVALID_INPUT')
    expect(codeOf(await call('profiles.setReadOnly', { id: 'prod-eu', readOnly: false, confirm: 'prod' }))).toBe(
      'INVALID_INPUT',
    )
    const done = await call('profiles.setReadOnly', { id: 'prod-eu', readOnly: false, confirm: 'Prod EU' })
    expect(done.ok && done.value).toMatchObject({ id: 'prod-eu', readOnly: false })
    expect(codeOf(await call('profiles.setReadOnly', { id: 'prod-eu', readOnly: true }))).toBe('ok')
    expect(codeOf(await call('profiles.setReadOnly', { id: 'nope', readOnly: true }))).toBe('NOT_FOUND')
  })

  it('refuses credentials in a Flink or Schema Registry URL, naming the field and not echoing them', async () => {
    for (const profile of [
      prod({ flink: { url: 'http://admin:hunter2@flink:8081' } }),
      prod({ schemaRegistry: { url: 'https://:hunter2@registry:8081' } }),
    ]) {
      const res = await call('profiles.save', { profile })
      expect(codeOf(res)).toBe('INVALID_INPUT')
      const message = res.ok ? '' : res.error.message
      expect(message).toMatch(/profile\.(flink|schemaRegistry)\.url/)
      expect(JSON.stringify(res)).not.toContain('hunter2')
    }
    const file = path.join(dir, 'profiles.json')
    expect(existsSync(file) && readFileSync(file, 'utf8').includes('hunter2')).toBe(false)
  })

  it('refuses every edit on a read-only host, and every action even in a writable profile', async () => {
    await call('profiles.save', { profile: prod({ id: 'dev', readOnly: false }) })
    await router.close()
    open(true)
    const refused = [
      await call('profiles.save', { profile: prod() }),
      await call('profiles.remove', { id: 'dev' }),
      await call('profiles.setReadOnly', { id: 'dev', readOnly: true }),
      await call('lag.setRules', { id: 'dev', group: 'g', rules: null }),
      await call('alerts.override', { override: { profileId: 'dev', ruleId: 'lag-verdict', enabled: false } }),
      await call('jobs.action', { id: 'dev', jid: 'a'.repeat(32), action: 'cancel' }),
    ]
    expect(refused.map(codeOf)).toEqual(['READ_ONLY', 'READ_ONLY', 'READ_ONLY', 'READ_ONLY', 'READ_ONLY', 'READ_ONLY'])
    expect(codeOf(await call('profiles.list', {}))).toBe('ok')
    expect(codeOf(await call('profiles.setActive', { id: 'dev' }))).toBe('ok')
  })
})

describe('ProfileService cache invalidation', () => {
  const tmp = tempDirEach('profile-service')

  it("drops a profile's caches when it is saved here, removed, or changed by another process", async () => {
    const dropped: string[] = []
    const secrets = new FileSecretStore(path.join(tmp.path, 'secrets.json'), undefined, {})
    const service = new ProfileService(ProfileStore.inDir(tmp.path), secrets, (id) => dropped.push(id), { watch: true })
    try {
      await service.save(profileSchema.parse(prod({ id: 'a' })))
      await service.save(profileSchema.parse(prod({ id: 'b' })))
      await service.remove('b')
      expect(dropped).toEqual(['a', 'b', 'b'])
      await service.list()
      dropped.length = 0
      // The CLI changes "a" while the host runs.
      await ProfileStore.inDir(tmp.path).save({ ...(await ProfileStore.inDir(tmp.path).get('a')), name: 'renamed' })
      const deadline = Date.now() + 5_000
      while (!dropped.includes('a') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
      expect(dropped).toEqual(['a'])
      expect((await service.get('a')).name).toBe('renamed')
    } finally {
      service.close()
    }
  })
})
