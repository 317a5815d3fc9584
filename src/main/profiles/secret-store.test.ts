import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { FileSecretStore, secretEnvName } from './secret-store'

describe('FileSecretStore', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'keytrail-secrets-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('stores secrets in a 0600 file and reads them back', async () => {
    const store = new FileSecretStore(path.join(dir, 'secrets.json'), undefined, {})
    await store.set('prod', 'kafkaPassword', 's3cret')
    expect(await store.get('prod', 'kafkaPassword')).toBe('s3cret')
    expect(await store.keys('prod')).toEqual(['kafkaPassword'])
    if (process.platform !== 'win32') expect(statSync(path.join(dir, 'secrets.json')).mode & 0o777).toBe(0o600)
    await store.removeProfile('prod')
    expect(await store.get('prod', 'kafkaPassword')).toBeUndefined()
  })

  it('refuses a secrets file that others can read', async () => {
    if (process.platform === 'win32') return
    const file = path.join(dir, 'secrets.json')
    writeFileSync(file, '{"prod":{"kafkaPassword":"x"}}')
    chmodSync(file, 0o644)
    const store = new FileSecretStore(file, undefined, {})
    await expect(store.get('prod', 'kafkaPassword')).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
      message: /chmod 600/,
    })
  })

  it('takes a secret from the environment first and never writes it', async () => {
    const env = { [secretEnvName('prod-eu', 'flinkToken')]: 'from-env' }
    expect(secretEnvName('prod-eu', 'flinkToken')).toBe('KEYTRAIL_SECRET_PROD_EU_FLINK_TOKEN')
    const store = new FileSecretStore(path.join(dir, 'secrets.json'), undefined, env)
    expect(await store.get('prod-eu', 'flinkToken')).toBe('from-env')
    expect(await store.keys('prod-eu')).toEqual(['flinkToken'])
    await store.set('prod-eu', 'kafkaPassword', 'p')
    expect(readFileSync(path.join(dir, 'secrets.json'), 'utf8')).not.toContain('from-env')
  })

  it('passes stored values through its codec', async () => {
    const codec = {
      encode: (s: string) => Buffer.from(s).toString('hex'),
      decode: (s: string) => Buffer.from(s, 'hex').toString(),
      assertCanStore: () => undefined,
    }
    const store = new FileSecretStore(path.join(dir, 's.json'), codec, {})
    await store.set('p', 'registryPassword', 'hunter2')
    expect(readFileSync(path.join(dir, 's.json'), 'utf8')).not.toContain('hunter2')
    expect(await store.get('p', 'registryPassword')).toBe('hunter2')
  })
})
