import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmod, open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../shared/errors';

/**
 * Encrypts secrets (passwords, key passphrases) before they are written to disk. The Electron main process
 * passes one backed by safeStorage (osBacked: true); elsewhere the file-key implementation below is used.
 */
export interface SecretBox {
  encrypt(plain: string): string;
  decrypt(stored: string): string;
  /** True when the key is held by the operating system (keychain, DPAPI, libsecret). */
  osBacked: boolean;
}

export const SECRET_KEY_FILE = 'secret.key';
const PREFIX = 'aesgcm1:';

/** Reads the 32-byte key from `<dataDir>/secret.key`, creating it (mode 0600) on first use. */
const loadOrCreateKey = async (dataDir: string): Promise<Buffer> => {
  const file = join(dataDir, SECRET_KEY_FILE);
  try {
    const handle = await open(file, 'wx', 0o600);
    try {
      const key = randomBytes(32);
      await handle.writeFile(key.toString('base64'));
      await handle.sync();
      return key;
    } finally {
      await handle.close();
      await chmod(file, 0o600).catch(() => undefined);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const key = Buffer.from((await readFile(file, 'utf8')).trim(), 'base64');
  if (key.length !== 32) {
    throw new AppError(
      'STORAGE_ERROR',
      `The secret key file ${file} is damaged. Delete it (saved passwords will then have to be entered again).`,
    );
  }
  return key;
};

/** AES-256-GCM with a random key file in the data folder: stored form is "aesgcm1:" + base64(iv | tag | data). */
export const createFileSecretBox = async (dataDir: string): Promise<SecretBox> => {
  const key = await loadOrCreateKey(dataDir);
  return {
    osBacked: false,
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64');
    },
    decrypt(stored) {
      const fail = () =>
        new AppError(
          'STORAGE_ERROR',
          'A saved secret cannot be decrypted (the key file changed or the data is damaged): enter it again.',
        );
      if (!stored.startsWith(PREFIX)) throw fail();
      const raw = Buffer.from(stored.slice(PREFIX.length), 'base64');
      if (raw.length < 28) throw fail();
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
        decipher.setAuthTag(raw.subarray(12, 28));
        return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
      } catch {
        throw fail();
      }
    },
  };
};
