import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ProfileStore, localProfile } from './profile-store'

describe('ProfileStore', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'keytrail-profiles-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('starts with the built-in local profile, active', async () => {
    const { profiles, activeId } = await ProfileStore.inDir(dir).list()
    expect(activeId).toBe('local')
    expect(profiles.map((p) => p.id)).toEqual(['local'])
    expect(profiles[0]?.kafka.brokers).toEqual(['127.0.0.1:9092'])
    expect(profiles[0]?.flink?.url).toBe('http://127.0.0.1:8081')
  })

  it('points the local profile at the configured stack ports', () => {
    const p = localProfile({ KEYTRAIL_STACK_KAFKA_PORT: '19092', KEYTRAIL_STACK_FLINK_PORT: '18081' })
    expect(p.kafka.brokers).toEqual(['127.0.0.1:19092'])
    expect(p.flink?.url).toBe('http://127.0.0.1:18081')
  })

  it('saves, reloads, activates and removes profiles; file is 0600', async () => {
    const store = ProfileStore.inDir(dir)
    await store.save({
      id: 'prod-eu',
      name: 'Prod EU',
      environment: 'prod',
      readOnly: true,
      kafka: { brokers: ['b1:9092'], clientId: 'keytrail', connectionTimeoutMs: 3000, requestTimeoutMs: 30000 },
    })
    await store.setActive('prod-eu')
    const again = ProfileStore.inDir(dir)
    expect((await again.list()).activeId).toBe('prod-eu')
    expect((await again.get('prod-eu')).environment).toBe('prod')
    if (process.platform !== 'win32') expect(statSync(path.join(dir, 'profiles.json')).mode & 0o777).toBe(0o600)
    expect(await again.remove('prod-eu')).toBe(true)
    expect((await again.list()).activeId).toBe('local')
    await expect(again.remove('local')).rejects.toMatchObject({ code: 'CONFLICT' })
    await expect(again.setActive('nope')).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('moves a corrupt file aside, reports it and never overwrites it', async () => {
    const file = path.join(dir, 'profiles.json')
    writeFileSync(file, '{"version":1, "profiles": [ oops')
    const store = ProfileStore.inDir(dir)
    const { profiles } = await store.list()
    expect(profiles.map((p) => p.id)).toEqual(['local'])
    expect(store.loadProblem).toMatch(/could not be read .* moved to .*profiles\.json\.corrupt-/)
    const backups = readdirSync(dir).filter((f) => f.startsWith('profiles.json.corrupt-'))
    expect(backups).toHaveLength(1)
    expect(readFileSync(path.join(dir, backups[0] ?? ''), 'utf8')).toBe('{"version":1, "profiles": [ oops')
  })

  it('treats a file that breaks the schema as corrupt too', async () => {
    writeFileSync(
      path.join(dir, 'profiles.json'),
      JSON.stringify({ version: 1, activeId: 'x', profiles: [{ id: 'BAD ID' }] }),
    )
    const store = ProfileStore.inDir(dir)
    await store.list()
    expect(store.loadProblem).toContain('could not be read')
  })

  const other = (id: string) => ({
    id,
    name: id,
    environment: 'dev' as const,
    readOnly: true,
    kafka: { brokers: ['b1:9092'], clientId: 'keytrail', connectionTimeoutMs: 3000, requestTimeoutMs: 30000 },
  })

  it('keeps what another process wrote when it saves (re-read before each write)', async () => {
    const host = ProfileStore.inDir(dir)
    await host.list() // the host has read the file once
    await ProfileStore.inDir(dir).save(other('from-cli'))
    await host.save(other('from-host'))
    await host.setActive('from-host')
    const ids = (await ProfileStore.inDir(dir).list()).profiles.map((p) => p.id)
    expect(ids).toEqual(['local', 'from-cli', 'from-host'])
  })

  it('sees a profile another process adds while it runs, and tells its listener', async () => {
    // The config dir does not exist yet when the host starts.
    const configDir = path.join(dir, 'not-yet')
    const host = ProfileStore.inDir(configDir)
    await host.list()
    let changes = 0
    host.watch(() => changes++, 20)
    try {
      await ProfileStore.inDir(configDir).save(other('from-cli'))
      const deadline = Date.now() + 5_000
      while (changes === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
      expect(changes).toBeGreaterThan(0)
      expect((await host.get('from-cli')).name).toBe('from-cli')
    } finally {
      host.unwatch()
    }
  })

  it('answers UNAVAILABLE naming the file, not INTERNAL, when the file cannot be read', async () => {
    mkdirSync(path.join(dir, 'profiles.json'))
    const err = await ProfileStore.inDir(dir)
      .list()
      .catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'UNAVAILABLE' })
    expect((err as Error).message).toContain('profiles.json')
    expect((err as Error).message).not.toContain(dir)
  })
})
