import { describe, expect, it } from 'vitest'
import { safeStorageCodec, type SafeStorageLike } from './safe-storage-codec'

function fakeSafeStorage(backend: string, available = true): SafeStorageLike {
  return {
    isEncryptionAvailable: () => available,
    encryptString: (s) => Buffer.from(s.split('').reverse().join('')),
    decryptString: (b) => b.toString().split('').reverse().join(''),
    getSelectedStorageBackend: () => backend,
  }
}

describe('safeStorage codec', () => {
  it('round-trips through the OS encryption and stores no plaintext', () => {
    const codec = safeStorageCodec(fakeSafeStorage('gnome_libsecret'), 'linux', false)
    expect(() => codec.assertCanStore()).not.toThrow()
    const stored = codec.encode('hunter2')
    expect(stored).not.toContain('hunter2')
    expect(codec.decode(stored)).toBe('hunter2')
  })

  it('refuses to store on Linux when the backend is basic_text, unless opted in', () => {
    expect(() => safeStorageCodec(fakeSafeStorage('basic_text'), 'linux', false).assertCanStore()).toThrow(/plaintext/)
    expect(() => safeStorageCodec(fakeSafeStorage('basic_text'), 'linux', true).assertCanStore()).not.toThrow()
  })

  it('refuses when no encryption is available at all', () => {
    expect(() => safeStorageCodec(fakeSafeStorage('unknown', false), 'darwin', true).assertCanStore()).toThrow(
      /keychain/,
    )
  })
})
