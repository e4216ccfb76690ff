import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { link, open, readFile, rename, unlink } from 'node:fs/promises';
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
  /** Something the user must know about the secrets (e.g. the key file was damaged and replaced). */
  notice?: string;
}

export const SECRET_KEY_FILE = 'secret.key';
const PREFIX = 'aesgcm1:';
const KEY_BYTES = 32;

const parseKey = (text: string): Buffer | undefined => {
  const trimmed = text.trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed)) return undefined;
  const key = Buffer.from(trimmed, 'base64');
  return key.length === KEY_BYTES ? key : undefined;
};

/**
 * Creates the key file with its full content in one step: the key is written and synced to a private temp file
 * that is then hard-linked to secret.key, which fails if another process made it first (then theirs is used).
 * A reader never sees an empty or half-written key.
 */
const createKeyFile = async (file: string): Promise<Buffer | 'exists'> => {
  const key = randomBytes(KEY_BYTES);
  const tmp = `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const handle = await open(tmp, 'wx', 0o600);
  try {
    await handle.writeFile(key.toString('base64'));
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(tmp, file);
    return key;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return 'exists';
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV') throw error;
    // No hard links here (FAT, some network drives): create exclusively and write; still never overwrites.
    const direct = await open(file, 'wx', 0o600).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'EEXIST') return undefined;
      throw e;
    });
    if (!direct) return 'exists';
    try {
      await direct.writeFile(key.toString('base64'));
      await direct.sync();
    } finally {
      await direct.close();
    }
    return key;
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
};

/**
 * The 32-byte key from `<dataDir>/secret.key`, made on first use. A damaged key (empty, cut short, not base64)
 * cannot decrypt anything: it is set aside as secret.key.damaged-<time>, a new key is made, and `notice` says
 * that the saved secrets must be entered again, so the app still starts.
 */
const loadOrCreateKey = async (dataDir: string): Promise<{ key: Buffer; notice?: string }> => {
  const file = join(dataDir, SECRET_KEY_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    let text: string | undefined;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (text === undefined) {
      const created = await createKeyFile(file);
      if (created !== 'exists') return { key: created };
      continue;
    }
    const key = parseKey(text);
    if (key) return { key };
    const aside = `${file}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await rename(file, aside).catch(() => undefined);
    const created = await createKeyFile(file);
    const fresh = created === 'exists' ? parseKey(await readFile(file, 'utf8')) : created;
    if (!fresh) break;
    return {
      key: fresh,
      notice:
        `The secret key file ${file} was damaged (${text.trim() === '' ? 'empty' : 'not a key'}); it was moved to ${aside} ` +
        'and a new key was made. Saved passwords and key passphrases cannot be read any more: enter them again.',
    };
  }
  throw new AppError('STORAGE_ERROR', `The secret key file ${file} cannot be read or created: check the data folder.`);
};

/** AES-256-GCM with a random key file in the data folder: stored form is "aesgcm1:" + base64(iv | tag | data). */
export const createFileSecretBox = async (dataDir: string): Promise<SecretBox> => {
  const { key, notice } = await loadOrCreateKey(dataDir);
  if (notice) console.warn(`[qpy] ${notice}`);
  return {
    osBacked: false,
    ...(notice ? { notice } : {}),
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
