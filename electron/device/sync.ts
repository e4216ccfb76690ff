import { readdir, readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import type { DeviceEntry, SyncItem, SyncPlan, SyncResult } from '../../shared/api/device';
import { AppError, isAppError } from '../../shared/errors';
import { digest } from './checksum';
import { joinRemote, TEMP_SUFFIX } from '../../shared/device/remote-path';
import type { DeviceFiles, ProgressTick } from './files';
import type { OperationOptions, RawRepl } from './session';

/** Local names never pushed: version control, caches, editor and OS litter, our own temp files. */
const SKIPPED = new Set([
  '.git',
  '.svn',
  '.hg',
  '__pycache__',
  '.DS_Store',
  'Thumbs.db',
  '.vscode',
  '.idea',
  'node_modules',
]);
const isSkipped = (name: string) => SKIPPED.has(name) || name.endsWith(TEMP_SUFFIX) || name.endsWith('.pyc');

interface LocalFile {
  relPath: string;
  local: string;
  size: number;
}

/** Files and folders under `root`, with '/'-separated relative paths, folders parents-first. */
const walkLocal = async (root: string): Promise<{ files: LocalFile[]; dirs: string[] }> => {
  if (!isAbsolute(root)) throw new AppError('BAD_REQUEST', `The local folder must be an absolute path (got ${root}).`);
  const info = await stat(root).catch(() => null);
  if (!info?.isDirectory()) throw new AppError('LOCAL_IO', `${root} is not a folder on this computer; check the path.`);
  const files: LocalFile[] = [];
  const dirs: string[] = [];
  const visit = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      if (isSkipped(entry.name)) continue;
      const full = join(dir, entry.name);
      const relPath = relative(root, full).split(sep).join('/');
      if (entry.isDirectory()) {
        dirs.push(relPath);
        await visit(full);
      } else if (entry.isFile()) {
        files.push({ relPath, local: full, size: (await stat(full)).size });
      }
    }
  };
  await visit(root);
  return { files, dirs };
};

interface SyncOptions extends OperationOptions {
  deleteExtra?: boolean;
  onProgress?: (tick: SyncTick) => void;
}

interface SyncTick extends ProgressTick {
  file?: string;
  filesDone: number;
  filesTotal: number;
  done: boolean;
}

const normaliseRemoteDir = (dir: string) => (dir.length > 1 ? dir.replace(/\/+$/, '') : dir);

/** Compares a local folder with a module folder: what a sync would create, replace, keep and (optionally) delete. */
const planSyncIn = async (
  files: DeviceFiles,
  repl: RawRepl,
  localDir: string,
  remoteDirRaw: string,
  deleteExtra: boolean,
): Promise<SyncPlan> => {
  const remoteDir = normaliseRemoteDir(remoteDirRaw);
  const local = await walkLocal(localDir);
  let remote: DeviceEntry[] = [];
  let remoteDirExists = true;
  try {
    remote = await files.listIn(repl, remoteDir, true);
  } catch (error) {
    if (!(isAppError(error) && error.code === 'NO_SUCH_FILE')) throw error;
    remoteDirExists = false;
  }
  const remoteFiles = new Map(remote.filter((e) => e.type === 'file').map((e) => [e.path, e]));
  const remoteDirs = new Set(remote.filter((e) => e.type === 'dir').map((e) => e.path));

  const plan: SyncPlan = {
    localDir,
    remoteDir,
    new: [],
    changed: [],
    unchanged: [],
    toDelete: [],
    mkdirs: [],
    bytesToSend: 0,
    deleteExtra,
  };
  if (!remoteDirExists) plan.mkdirs.push(remoteDir);
  for (const dir of local.dirs) {
    const path = joinRemote(remoteDir, dir);
    if (!remoteDirs.has(path)) plan.mkdirs.push(path);
  }

  const sameSize: Array<{ item: SyncItem }> = [];
  for (const file of local.files) {
    const item: SyncItem = {
      relPath: file.relPath,
      remote: joinRemote(remoteDir, file.relPath),
      local: file.local,
      size: file.size,
    };
    const there = remoteFiles.get(item.remote);
    if (!there) plan.new.push(item);
    else if (there.size !== file.size) plan.changed.push(item);
    else sameSize.push({ item });
  }
  if (sameSize.length) {
    const caps = await files.capabilities(repl);
    const hashes = await files.hashesIn(
      repl,
      sameSize.map((s) => s.item.remote),
    );
    for (const { item } of sameSize) {
      const mine = digest(caps.hash, await readFile(item.local!));
      if (hashes.get(item.remote)?.digest === mine) plan.unchanged.push(item);
      else plan.changed.push(item);
    }
  }
  const localSet = new Set(local.files.map((f) => joinRemote(remoteDir, f.relPath)));
  for (const entry of remoteFiles.values()) {
    if (!localSet.has(entry.path)) {
      plan.toDelete.push({ relPath: entry.path.slice(remoteDir.length + 1), remote: entry.path, size: entry.size });
    }
  }
  plan.bytesToSend = [...plan.new, ...plan.changed].reduce((sum, i) => sum + i.size, 0);
  return plan;
};

export const planSync = (
  files: DeviceFiles,
  localDir: string,
  remoteDir: string,
  options: SyncOptions = {},
): Promise<SyncPlan> =>
  files.session.withRawRepl(`plan sync of ${remoteDir}`, options, (repl) =>
    planSyncIn(files, repl, localDir, remoteDir, options.deleteExtra === true),
  );

/** Pushes new and changed files (atomic and verified each), creates folders, and deletes extras only when asked. */
export const sync = (
  files: DeviceFiles,
  localDir: string,
  remoteDir: string,
  options: SyncOptions = {},
): Promise<SyncResult> =>
  files.session.withRawRepl(`sync ${remoteDir}`, options, async (repl) => {
    const started = Date.now();
    const plan = await planSyncIn(files, repl, localDir, remoteDir, options.deleteExtra === true);
    const toSend = [...plan.new, ...plan.changed];
    const filesTotal = toSend.length + (plan.deleteExtra ? plan.toDelete.length : 0);
    let filesDone = 0;
    let bytesBefore = 0;
    const tick = (bytesDone: number, file: string | undefined, done = false) =>
      options.onProgress?.({
        bytesDone,
        bytesTotal: plan.bytesToSend,
        filesDone,
        filesTotal,
        done,
        ...(file ? { file } : {}),
      });
    const checkCancel = () => {
      if (options.signal?.aborted) {
        throw new AppError(
          'CANCELLED',
          `Sync to ${plan.remoteDir} was cancelled after ${filesDone} of ${filesTotal} files; every file on the module is either old or new, none half-written.`,
        );
      }
    };
    for (const dir of plan.mkdirs) {
      checkCancel();
      await files.mkdirIn(repl, dir);
    }
    for (const item of toSend) {
      checkCancel();
      const data = await readFile(item.local!).catch((error: Error) => {
        throw new AppError('LOCAL_IO', `Could not read ${item.local}: ${error.message}`);
      });
      // The plan already compared hashes: what is left to send differs from the module's copy.
      await files.pushIn(repl, item.remote, data, {
        force: true,
        onProgress: (t) => tick(bytesBefore + t.bytesDone, item.remote),
        ...(options.signal ? { signal: options.signal } : {}),
      });
      bytesBefore += data.length;
      filesDone++;
      tick(bytesBefore, item.remote);
    }
    let deleted = 0;
    if (plan.deleteExtra) {
      for (const item of plan.toDelete) {
        checkCancel();
        await files.removeIn(repl, item.remote, false);
        deleted++;
        filesDone++;
      }
    }
    tick(bytesBefore, undefined, true);
    return { plan, pushed: toSend.length, deleted, bytes: bytesBefore, durationMs: Date.now() - started };
  });
