import { randomBytes } from 'node:crypto';
import { realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';
import type { LocalGrant, LocalRef } from '../../shared/api/local';
import { AppError } from '../../shared/errors';

interface GrantRecord extends LocalGrant {
  /** Real path (symbolic links resolved) of the granted folder or file. */
  root: string;
}

const SEP: '/' | '\\' = sep === '\\' ? '\\' : '/';

const isInside = (root: string, target: string) => {
  const rel = relative(root, target);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

/** Splits a path inside a grant into names, refusing anything that could leave it. */
const relSegments = (relPath: string | undefined): string[] => {
  if (!relPath) return [];
  if (isAbsolute(relPath) || /^[A-Za-z]:/.test(relPath) || relPath.startsWith('/') || relPath.startsWith('\\')) {
    throw new AppError('FORBIDDEN', `"${relPath}" must be a path inside the chosen folder, not an absolute path.`);
  }
  const names = relPath.split(/[/\\]+/).filter((name) => name !== '' && name !== '.');
  if (names.some((name) => name === '..' || name.includes('\0'))) {
    throw new AppError('FORBIDDEN', `"${relPath}" leaves the chosen folder; pick that folder instead.`);
  }
  return names;
};

/** The nearest existing ancestor's real path, plus the names below it that do not exist yet. */
const realpathOfExisting = async (path: string): Promise<string> => {
  const missing: string[] = [];
  let at = path;
  for (;;) {
    try {
      return join(await realpath(at), ...missing.reverse());
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
      const up = dirname(at);
      if (up === at) throw error;
      missing.push(basename(at));
      at = up;
    }
  }
};

/**
 * The files and folders the user picked, for as long as the backend runs. Grants are shared by the front ends
 * of this backend (the ids are 128-bit random, and reaching the backend at all already needs the sender check
 * or the browser-mode token); nothing is granted without a pick.
 */
export class FileGrants {
  private readonly grants = new Map<string, GrantRecord>();

  /** Grants `path` (absolute, chosen by the user in a dialog). */
  async add(kind: 'folder' | 'file', path: string): Promise<LocalGrant> {
    const root = kind === 'folder' ? await realpath(path) : await realpathOfExisting(path);
    for (const existing of this.grants.values()) {
      if (existing.root === root && existing.kind === kind) return this.view(existing);
    }
    const record: GrantRecord = {
      id: randomBytes(16).toString('base64url'),
      kind,
      name: basename(root) || root,
      path: root,
      sep: SEP,
      root,
    };
    this.grants.set(record.id, record);
    return this.view(record);
  }

  get(id: string): LocalGrant {
    return this.view(this.record(id));
  }

  /**
   * The absolute path `ref` names, or FORBIDDEN when it leaves its grant: `..`, an absolute path, or a symbolic
   * link inside the folder that points outside it.
   */
  async resolve(ref: LocalRef): Promise<{ path: string; grant: LocalGrant; segments: string[] }> {
    const record = this.record(ref.grant);
    const segments = relSegments(ref.relPath);
    if (record.kind === 'file' && segments.length > 0) {
      throw new AppError('FORBIDDEN', `${record.name} is a single chosen file; it has no "${ref.relPath}" inside it.`);
    }
    const path = join(record.root, ...segments);
    const real = await realpathOfExisting(path);
    if (!isInside(record.root, real)) {
      throw new AppError(
        'FORBIDDEN',
        `${segments.join('/')} links outside ${record.name}; pick its target folder instead.`,
      );
    }
    return { path, grant: this.view(record), segments };
  }

  private record(id: string): GrantRecord {
    const record = this.grants.get(id);
    if (!record) {
      throw new AppError(
        'FORBIDDEN',
        'That folder or file was chosen in an earlier run of QPY Studio (or not at all); choose it again.',
      );
    }
    return record;
  }

  private view({ root: _root, ...grant }: GrantRecord): LocalGrant {
    return grant;
  }
}
