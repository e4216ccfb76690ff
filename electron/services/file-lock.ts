import { open, readFile, stat, unlink } from 'node:fs/promises';

interface FileLockOptions {
  /** How long to wait for another process's lock before giving up (ms). */
  timeoutMs?: number;
  /** A lock older than this is taken over even when its process looks alive (ms). */
  staleMs?: number;
}

/** True when a process with this pid runs (EPERM: it runs as another user). */
export const processAlive = (pid: number): boolean => {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `work` while holding `<file>.lock` (created exclusively, holding our pid), so processes sharing a data
 * folder take turns on read-modify-write. A lock left by a dead process, or older than staleMs, is removed.
 */
export const withFileLock = async <T>(
  file: string,
  work: () => Promise<T>,
  options: FileLockOptions = {},
): Promise<T> => {
  const lock = `${file}.lock`;
  const until = Date.now() + (options.timeoutMs ?? 10_000);
  const staleMs = options.staleMs ?? 30_000;
  for (;;) {
    try {
      const handle = await open(lock, 'wx', 0o600);
      try {
        await handle.writeFile(String(process.pid));
      } finally {
        await handle.close();
      }
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const [owner, info] = await Promise.all([
      readFile(lock, 'utf8').catch(() => ''),
      stat(lock).catch(() => undefined),
    ]);
    const pid = Number(owner.trim());
    // An empty lock is one being written this instant; only its age makes it stale.
    const dead = owner.trim() !== '' && !processAlive(pid);
    if (info && (dead || Date.now() - info.mtimeMs > staleMs)) {
      await unlink(lock).catch(() => undefined);
      continue;
    }
    if (Date.now() > until)
      throw Object.assign(new Error(`${lock} is held by process ${owner.trim() || '?'}`), { code: 'ELOCKED' });
    await sleep(15 + Math.random() * 20);
  }
  try {
    return await work();
  } finally {
    await unlink(lock).catch(() => undefined);
  }
};
