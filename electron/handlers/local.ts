import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, resolve, sep } from 'node:path';
import type { LocalEntry, LocalListing, localCalls } from '../../shared/api/local';
import { AppError } from '../../shared/errors';
import type { DomainHandlers } from '../ipc/types';

export interface LocalHandlerDeps {
  /** The folder listed when none is given; the user's home folder by default. */
  home?: () => string;
}

const absolute = (path: string): string => {
  if (!isAbsolute(path))
    throw new AppError('BAD_REQUEST', `"${path}" is not an absolute path; choose a folder on this computer.`);
  return resolve(path);
};

const ioError = (error: unknown, path: string, action: string): AppError => {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new AppError('NOT_FOUND', `${path} does not exist; pick another folder or file.`);
  if (code === 'EACCES' || code === 'EPERM')
    return new AppError('LOCAL_IO', `No permission to ${action} ${path}; check the folder's permissions.`);
  if (code === 'ENOTDIR') return new AppError('LOCAL_IO', `${path} is a file, not a folder.`);
  if (code === 'EISDIR') return new AppError('LOCAL_IO', `${path} is a folder, not a file.`);
  if (code === 'ENOSPC')
    return new AppError('LOCAL_IO', `The disk is full; free some space and ${action} ${path} again.`);
  return new AppError('LOCAL_IO', `Could not ${action} ${path} (${code ?? 'I/O error'}).`);
};

export const listLocalFolder = async (dirInput: string): Promise<LocalListing> => {
  const dir = absolute(dirInput);
  let names;
  try {
    names = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    throw ioError(error, dir, 'list');
  }
  const entries: LocalEntry[] = [];
  for (const dirent of names) {
    const path = join(dir, dirent.name);
    try {
      const info = await stat(path);
      if (!info.isFile() && !info.isDirectory()) continue;
      entries.push({
        path,
        name: dirent.name,
        type: info.isDirectory() ? 'dir' : 'file',
        size: info.isFile() ? info.size : 0,
        mtimeMs: info.mtimeMs,
      });
    } catch {
      // A dangling link or a file removed while listing: leave it out.
    }
  }
  entries.sort((a, b) =>
    a.type === b.type ? a.name.localeCompare(b.name, 'en', { numeric: true }) : a.type === 'dir' ? -1 : 1,
  );
  const parent = dirname(dir);
  return { dir, parent: parent === dir ? null : parent, sep: sep === '\\' ? '\\' : '/', entries };
};

export const writeLocalFileAtomic = async (
  pathInput: string,
  data: Uint8Array | string,
): Promise<{ path: string; bytes: number }> => {
  const path = absolute(pathInput);
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(temp, bytes);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw ioError(error, path, 'write');
  }
  return { path, bytes: bytes.length };
};

export const createLocalHandlers = (deps: LocalHandlerDeps = {}): DomainHandlers<keyof typeof localCalls> => ({
  localList: ({ dir }) => listLocalFolder(dir ?? (deps.home ?? homedir)()),
  localRead: async ({ path: input }) => {
    const path = absolute(input);
    try {
      const data = await readFile(path);
      return { path, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
    } catch (error) {
      throw ioError(error, path, 'read');
    }
  },
  localWrite: ({ path, data }) => writeLocalFileAtomic(path, data),
});
