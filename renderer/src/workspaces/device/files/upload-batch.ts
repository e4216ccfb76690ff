import type { DeviceFree } from '../../../../../shared/api/device';
import type { LocalRef } from '../../../../../shared/api/local';
import type { Api } from '../../../../../shared/contract';
import { fail, type ApiError } from '../../../../../shared/result';
import { askConfirm } from '../../../components/AppDialog';
import { i18next } from '../../../i18n';
import { joinRemote, useModuleFilesVersion } from '../actions';
import { useDeviceStore } from '../connection/device-store';
import { formatBytes } from '../format';
import { foldersToCreate, type PickedFile } from './collect';
import { useTransfers, type Transfer } from './transfers-store';

/**
 * One file of an upload, with its path relative to what was chosen ('proj/lib/util.py'): bytes the browser holds
 * (a picked or dropped file) or a file of the chosen local folder (the backend reads it by grant).
 */
export interface UploadItem {
  relPath: string;
  size: number;
  source: { file: File } | { local: LocalRef };
}

export interface UploadOutcome {
  uploaded: number;
  state: Transfer['state'];
}

const report = (error: ApiError) => useDeviceStore.getState().report(error);
const t = (key: string, options?: Record<string, unknown>) => i18next.t(`device:${key}`, options);

export const pickedItems = (picked: readonly PickedFile[]): UploadItem[] =>
  picked.map(({ relPath, file }) => ({ relPath, size: file.size, source: { file } }));

/** Bytes a batch takes on a module file system: each file in whole blocks, plus a block for its entry. */
const spaceNeeded = (sizes: readonly number[], blockSize: number): number => {
  const block = Math.max(blockSize, 1);
  return sizes.reduce((sum, size) => sum + Math.ceil(size / block) * block + block, 0);
};

/** A batch that cannot fit, as the error to show, or null (also when the module cannot say how much is free). */
const checkFreeSpace = (free: DeviceFree | null, sizes: readonly number[], remoteDir: string): ApiError | null => {
  if (!free) return null;
  const needed = spaceNeeded(sizes, free.blockSize);
  if (needed <= free.free) return null;
  return fail(
    'STORAGE_FULL',
    t('files.noRoom', { dir: remoteDir, needed: formatBytes(needed), free: formatBytes(free.free) }),
    {
      path: remoteDir,
    },
  ).error;
};

/** Where a batch lands: its one top folder inside `remoteDir`, or `remoteDir` itself. */
const uploadDestination = (remoteDir: string, items: readonly { relPath: string }[]): string => {
  const tops = new Set(items.map((p) => (p.relPath.includes('/') ? p.relPath.split('/')[0] : '')));
  const [top] = [...tops];
  return tops.size === 1 && top ? joinRemote(remoteDir, top) : remoteDir;
};

/** The transfer's label: what is sent and the folder it lands in ("2 files → /usr/proj"). */
const uploadLabel = (remoteDir: string, items: readonly { relPath: string }[]): string => {
  const what = items.length === 1 ? items[0]!.relPath : t('files.nFiles', { count: items.length });
  return `${what} → ${uploadDestination(remoteDir, items)}`;
};

const parentRel = (relPath: string): string => relPath.slice(0, Math.max(relPath.lastIndexOf('/'), 0));

/** Module paths the batch would replace (files already there), or the error that kept us from looking. */
const existingTargets = async (
  api: Api,
  path: string,
  remoteDir: string,
  items: readonly { relPath: string }[],
): Promise<{ ok: true; value: string[] } | { ok: false; error: ApiError }> => {
  const byFolder = new Map<string, Set<string>>();
  for (const { relPath } of items) {
    const folder = parentRel(relPath);
    const names = byFolder.get(folder) ?? new Set<string>();
    names.add(relPath.slice(folder ? folder.length + 1 : 0));
    byFolder.set(folder, names);
  }
  const existing: string[] = [];
  for (const [folder, names] of byFolder) {
    const dir = folder ? joinRemote(remoteDir, folder) : remoteDir;
    const listed = await api.deviceList({ path, remote: dir });
    if (!listed.ok) {
      if (listed.error.code === 'NO_SUCH_FILE') continue; // a folder the batch creates
      return listed;
    }
    for (const entry of listed.value) if (entry.type === 'file' && names.has(entry.name)) existing.push(entry.path);
  }
  return { ok: true, value: existing.sort() };
};

const MAX_NAMED = 5;

/** Asks before replacing files on the module; true when nothing would be replaced or the user agreed. */
const agreeToOverwrite = async (existing: readonly string[]): Promise<boolean> => {
  if (existing.length === 0) return true;
  const named = existing.slice(0, MAX_NAMED).join(', ');
  const more = existing.length - MAX_NAMED;
  return askConfirm(
    t('dialog.overwriteTitle'),
    more > 0
      ? t('files.confirmOverwriteMore', { names: named, count: more })
      : t('files.confirmOverwrite', { names: named, count: existing.length }),
    { confirmLabel: t('dialog.overwrite'), danger: true },
  );
};

const pushOne = (api: Api, path: string, remote: string, item: UploadItem, operationId: string) =>
  'file' in item.source
    ? item.source.file
        .arrayBuffer()
        .then((bytes) => api.devicePush({ path, remote, data: new Uint8Array(bytes), operationId }))
    : api.devicePush({ path, remote, local: item.source.local, operationId });

/**
 * Pushes a batch (keeping its folders) into `remoteDir`, one verified atomic push per file, each shown as it goes.
 * Before anything is written the batch is checked against the module's free space (nothing is written when it
 * cannot fit) and the user is asked before files already on the module are replaced.
 */
export const uploadBatch = async (
  api: Api,
  path: string,
  remoteDir: string,
  items: readonly UploadItem[],
): Promise<UploadOutcome> => {
  if (items.length === 0) return { uploaded: 0, state: 'done' };
  const root = remoteDir.split('/').slice(0, 2).join('/') || '/usr';
  const space = await api.deviceFree({ path, remote: root });
  const noRoom = checkFreeSpace(
    space.ok ? space.value : null,
    items.map((p) => p.size),
    remoteDir,
  );
  if (noRoom) {
    report(noRoom);
    return { uploaded: 0, state: 'failed' };
  }
  const existing = await existingTargets(api, path, remoteDir, items);
  if (!existing.ok) {
    report(existing.error);
    return { uploaded: 0, state: 'failed' };
  }
  if (!(await agreeToOverwrite(existing.value))) return { uploaded: 0, state: 'cancelled' };

  const transfers = useTransfers.getState();
  const bytesTotal = items.reduce((sum, p) => sum + p.size, 0);
  const id = transfers.start({
    kind: 'push',
    label: uploadLabel(remoteDir, items),
    bytesTotal,
    filesTotal: items.length,
  });
  let unchanged = 0;
  const finish = (state: Transfer['state'], uploaded: number): UploadOutcome => {
    useTransfers.getState().finish(id, state, unchanged);
    if (uploaded > 0) useModuleFilesVersion.getState().bump();
    return { uploaded, state };
  };
  for (const dir of foldersToCreate(remoteDir, items)) {
    const made = await api.deviceMkdir({ path, remote: dir });
    if (!made.ok) {
      report(made.error);
      return finish('failed', 0);
    }
  }
  let base = 0;
  for (const [index, item] of items.entries()) {
    if (useTransfers.getState().transfers.find((x) => x.id === id)?.cancelRequested) return finish('cancelled', index);
    const operationId = `${id}-${index}`;
    useTransfers.getState().setOperation(id, operationId, item.relPath, base, index);
    const result = await pushOne(api, path, joinRemote(remoteDir, item.relPath), item, operationId);
    if (!result.ok) {
      if (result.error.code === 'CANCELLED') return finish('cancelled', index);
      report(result.error);
      return finish('failed', index);
    }
    if (result.value.unchanged) unchanged++;
    base += item.size;
  }
  return finish('done', items.length);
};
