import { randomBytes } from 'node:crypto';
import { copyFile, open, readdir, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { processAlive } from './file-lock';

interface AtomicWriteOptions {
  /** File mode of the new file (e.g. 0o600 for secrets). */
  mode?: number;
  /** Keep the previous version as `<file>.bak`. */
  backup?: boolean;
  /** Test seam: runs after the temp file is durable, before it replaces the real one. */
  beforeRename?: () => void | Promise<void>;
}

const TMP_MARK = '.tmp-';

/**
 * Replaces a file so that a crash at any moment leaves either the old or the new content, never a mix:
 * write a temp file beside it, fsync, (copy the old one to .bak), rename over, fsync the folder.
 */
/** Content given piece by piece, so a large file is never one string in memory. */
type WriteChunks = (write: (chunk: string | Uint8Array) => Promise<void>) => Promise<void>;

export const writeFileAtomic = async (
  file: string,
  data: string | Uint8Array | WriteChunks,
  options: AtomicWriteOptions = {},
) => {
  const tmp = join(dirname(file), `${basename(file)}${TMP_MARK}${process.pid}-${randomBytes(4).toString('hex')}`);
  const handle = await open(tmp, 'w', options.mode ?? 0o644);
  try {
    if (typeof data === 'function')
      await data(async (chunk) => {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        for (let at = 0; at < bytes.length;) at += (await handle.write(bytes, at)).bytesWritten;
      });
    else await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    throw error;
  }
  await handle.close();
  try {
    await options.beforeRename?.();
    if (options.backup) {
      await copyFile(file, `${file}.bak`).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== 'ENOENT') throw e;
      });
    }
    await rename(tmp, file);
  } catch (error) {
    await unlink(tmp).catch(() => undefined);
    throw error;
  }
  await syncDir(dirname(file));
};

const syncDir = async (dir: string): Promise<void> => {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Not every platform can fsync a directory (Windows); the rename itself is still atomic there.
  }
};

/**
 * Deletes temp files a crashed writer left beside `file`: only those whose process (the pid in the name) is gone,
 * never another running process's file in flight, nor this process's own.
 */
export const removeStaleTempFiles = async (file: string): Promise<void> => {
  const prefix = `${basename(file)}${TMP_MARK}`;
  const entries = await readdir(dirname(file)).catch(() => [] as string[]);
  const stale = entries.filter((e) => {
    if (!e.startsWith(prefix)) return false;
    const pid = Number(/^(\d+)-/.exec(e.slice(prefix.length))?.[1]);
    return !processAlive(pid);
  });
  await Promise.all(stale.map((e) => unlink(join(dirname(file), e)).catch(() => undefined)));
};
