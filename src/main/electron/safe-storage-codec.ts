import { ApiError } from '../../shared/contract'
import type { SecretCodec } from '../profiles/secret-store'

/** The part of Electron's safeStorage the codec uses. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean
  encryptString(plain: string): Buffer
  decryptString(encrypted: Buffer): string
  getSelectedStorageBackend?(): string
}

/**
 * Secrets encrypted by the OS keychain through safeStorage. On Linux, a `basic_text` backend
 * means a hard-coded key, i.e. plaintext in effect: refused unless the user opted in.
 */
export function safeStorageCodec(
  safeStorage: SafeStorageLike,
  platform: NodeJS.Platform,
  allowPlaintext: boolean,
): SecretCodec {
  return {
    encode: (plain) => safeStorage.encryptString(plain).toString('base64'),
    decode: (stored) => safeStorage.decryptString(Buffer.from(stored, 'base64')),
    assertCanStore() {
      if (!safeStorage.isEncryptionAvailable()) {
        throw new ApiError('UNAVAILABLE', 'No OS keychain is available to encrypt secrets')
      }
      if (platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text' && !allowPlaintext) {
        throw new ApiError(
          'UNAVAILABLE',
          'The OS keychain is not available (safeStorage backend basic_text): secrets would be stored in plaintext. ' +
            'Start a keyring (GNOME Keyring, KWallet), pass secrets by environment variables, or set ' +
            'KEYTRAIL_ALLOW_PLAINTEXT_SECRETS=1 to accept this.',
        )
      }
    },
  }
}
