import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, resolve, sep } from 'node:path';
import type {
  LocalEntry,
  LocalListing,
  LocalPickKind,
  LocalPickResult,
  PickListing,
  localCalls,
} from '../../shared/api/local';
import { AppError } from '../../shared/errors';
import type { DomainHandlers } from '../ipc/types';
import type { FileGrants } from '../local/grants';
import { PickSessions } from '../local/pick-sessions';

export interface NativePickRequest {
  kind: LocalPickKind;
  title: string;
  defaultPath?: string;
  extensions?: string[];
}

/** The system's open/save dialog (Electron main); resolves the chosen absolute path or null when cancelled. */
export type NativePicker = (request: NativePickRequest) => Promise<string | null>;

interface LocalHandlerDeps {
  grants: FileGrants;
  /** Without one (browser mode), picks happen in the app's own picker through localPickBrowse/localPickChoose. */
  picker?: NativePicker;
  /** Where a pick starts when no `startAt` is given; the user's home folder by default. */
  home?: () => string;
  picks?: PickSessions;
}

const SEP: '/' | '\\' = sep === '\\' ? '\\' : '/';

const absolute = (path: string): string => {
  if (!isAbsolute(path))
    throw new AppError('BAD_REQUEST', `"${path}" is not an absolute path; choose a folder on this computer.`);
  return resolve(path);
};

const ioError = (error: unknown, path: string, action: string): AppError => {
  if (error instanceof AppError) return error;
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

interface RawEntry {
  name: string;
  path: string;
  type: 'file' | 'dir';
  size: number;
  mtimeMs: number;
}

const readFolder = async (dir: string): Promise<RawEntry[]> => {
  let names;
  try {
    names = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    throw ioError(error, dir, 'list');
  }
  const entries: RawEntry[] = [];
  for (const dirent of names) {
    const path = join(dir, dirent.name);
    try {
      const info = await stat(path);
      if (!info.isFile() && !info.isDirectory()) continue;
      entries.push({
        name: dirent.name,
        path,
        type: info.isDirectory() ? 'dir' : 'file',
        size: info.isFile() ? info.size : 0,
        mtimeMs: info.mtimeMs,
      });
    } catch {
      // A dangling link or a file removed while listing: leave it out.
    }
  }
  return entries.sort((a, b) =>
    a.type === b.type ? a.name.localeCompare(b.name, 'en', { numeric: true }) : a.type === 'dir' ? -1 : 1,
  );
};

const writeLocalFileAtomic = async (path: string, data: Uint8Array | string): Promise<{ bytes: number }> => {
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
  return { bytes: bytes.length };
};

const pickListing = async (dirInput: string, kind: LocalPickKind, extensions: string[]): Promise<PickListing> => {
  const dir = absolute(dirInput);
  const entries = (await readFolder(dir))
    .filter((e) => e.type === 'dir' || kind !== 'folder')
    .filter((e) => e.type === 'dir' || extensions.length === 0 || extensions.some((x) => e.name.endsWith(`.${x}`)))
    .map(({ name, path, type, size }) => ({ name, path, type, size }));
  const parent = dirname(dir);
  return { dir, parent: parent === dir ? null : parent, sep: SEP, entries };
};

export const createLocalHandlers = (deps: LocalHandlerDeps): DomainHandlers<keyof typeof localCalls> => {
  const { grants } = deps;
  const picks = deps.picks ?? new PickSessions();
  const home = deps.home ?? homedir;

  const grantChosen = async (kind: LocalPickKind, path: string): Promise<LocalPickResult> => {
    const chosen = absolute(path);
    try {
      return { state: 'granted', grant: await grants.add(kind === 'folder' ? 'folder' : 'file', chosen) };
    } catch (error) {
      throw ioError(error, chosen, 'open');
    }
  };

  return {
    localPick: async ({ kind, purpose, startAt, suggestedName, extensions }) => {
      if (deps.picker) {
        const start = startAt && isAbsolute(startAt) ? startAt : undefined;
        const defaultPath = kind === 'save' && suggestedName ? join(start ?? home(), suggestedName) : start;
        const chosen = await deps.picker({
          kind,
          title: purpose,
          ...(defaultPath ? { defaultPath } : {}),
          ...(extensions ? { extensions } : {}),
        });
        return chosen === null ? { state: 'cancelled' } : grantChosen(kind, chosen);
      }
      const session = picks.start(kind, extensions ?? []);
      let listing: PickListing;
      try {
        listing = await pickListing(startAt && isAbsolute(startAt) ? startAt : home(), kind, session.extensions);
      } catch {
        listing = await pickListing(home(), kind, session.extensions);
      }
      return { state: 'picking', pick: session.id, kind, listing };
    },
    localPickBrowse: async ({ pick, dir }) => {
      const session = picks.get(pick);
      return pickListing(dir, session.kind, session.extensions);
    },
    localPickChoose: async ({ pick, path, name }) => {
      const session = picks.get(pick);
      if (path === null) {
        picks.end(pick);
        return { state: 'cancelled' };
      }
      const chosen = absolute(path);
      if (session.kind === 'save') {
        if (!name || /[/\\]/.test(name) || name === '..' || name === '.')
          throw new AppError('BAD_REQUEST', 'Type a file name (without folders) to save as.');
        const result = await grantChosen('save', join(chosen, name));
        picks.end(pick);
        return result;
      }
      const info = await stat(chosen).catch((error: unknown) => {
        throw ioError(error, chosen, 'open');
      });
      if (session.kind === 'folder' && !info.isDirectory())
        throw new AppError('BAD_REQUEST', `${chosen} is not a folder.`);
      if (session.kind === 'file' && !info.isFile()) throw new AppError('BAD_REQUEST', `${chosen} is not a file.`);
      const result = await grantChosen(session.kind, chosen);
      picks.end(pick);
      return result;
    },
    localList: async (ref) => {
      const { path, grant, segments } = await grants.resolve(ref);
      if (grant.kind !== 'folder') throw new AppError('BAD_REQUEST', `${grant.name} is a file, not a folder.`);
      const relPath = segments.join('/');
      const entries: LocalEntry[] = (await readFolder(path)).map(({ name, type, size, mtimeMs }) => ({
        name,
        relPath: relPath ? `${relPath}/${name}` : name,
        type,
        size,
        mtimeMs,
      }));
      const listing: LocalListing = {
        grant: grant.id,
        relPath,
        parentRelPath: segments.length === 0 ? null : segments.slice(0, -1).join('/'),
        path,
        sep: SEP,
        entries,
      };
      return listing;
    },
    localRead: async (ref) => {
      const { path } = await grants.resolve(ref);
      try {
        const data = await readFile(path);
        return { name: basename(path), data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
      } catch (error) {
        throw ioError(error, path, 'read');
      }
    },
    localWrite: async ({ data, ...ref }) => {
      const { path } = await grants.resolve(ref);
      return writeLocalFileAtomic(path, data);
    },
  };
};
