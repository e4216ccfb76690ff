import { safeStorage } from 'electron';
import { AppError } from '../../shared/errors';
import type { SecretBox } from '../services/secret-box';

const PREFIX = 'safe1:';

/** Secrets encrypted by the OS keychain (Keychain, DPAPI, libsecret) through Electron's safeStorage, where available. */
export const createSafeStorageBox = (): SecretBox | undefined => {
  if (!safeStorage.isEncryptionAvailable()) return undefined;
  return {
    osBacked: true,
    encrypt: (plain) => PREFIX + safeStorage.encryptString(plain).toString('base64'),
    decrypt: (stored) => {
      if (!stored.startsWith(PREFIX)) {
        throw new AppError(
          'STORAGE_ERROR',
          'A saved secret was not encrypted by this computer’s keychain; enter it again.',
        );
      }
      return safeStorage.decryptString(Buffer.from(stored.slice(PREFIX.length), 'base64'));
    },
  };
};
