import type { LocalRef } from '../../../../../shared/api/local';
import type { Api } from '../../../../../shared/contract';
import type { DeviceFree } from '../../../../../shared/api/device';
import { fail, type ApiError } from '../../../../../shared/result';
import { i18next } from '../../../i18n';
import { formatBytes } from '../format';
import { baseName, joinRemote, useModuleFilesVersion } from '../actions';
import { useDeviceStore } from '../connection/device-store';
import { foldersToCreate, type PickedFile } from './collect';
import { downloadBytes } from './download';
import { useTransfers, type Transfer } from './transfers-store';

const report = (error: ApiError) => useDeviceStore.getState().report(error);

export interface UploadOutcome {
  uploaded: number;
  state: Transfer['state'];
}

/** Bytes a batch takes on a module file system: each file in whole blocks, plus a block for its entry. */
export const spaceNeeded = (sizes: readonly number[], blockSize: number): number => {
  const block = Math.max(blockSize, 1);
  return sizes.reduce((sum, size) => sum + Math.ceil(size / block) * block + block, 0);
};

/** A batch that cannot fit, as the error to show, or null (also when the module cannot say how much is free). */
export const checkFreeSpace = (
  free: DeviceFree | null,
  sizes: readonly number[],
  remoteDir: string,
): ApiError | null => {
  if (!free) return null;
  const needed = spaceNeeded(sizes, free.blockSize);
  if (needed <= free.free) return null;
  return fail(
    'STORAGE_FULL',
    i18next.t('device:files.noRoom', {
      dir: remoteDir,
      needed: formatBytes(needed),
      free: formatBytes(free.free),
    }),
    { path: remoteDir },
  ).error;
};

/** Where a picked batch lands: its one top folder inside `remoteDir`, or `remoteDir` itself. */
export const uploadDestination = (remoteDir: string, picked: readonly PickedFile[]): string => {
  const tops = new Set(picked.map((p) => (p.relPath.includes('/') ? p.relPath.split('/')[0] : '')));
  const [top] = [...tops];
  return tops.size === 1 && top ? joinRemote(remoteDir, top) : remoteDir;
};

/**
 * Pushes picked files (keeping their folders) into `remoteDir`, one verified atomic push per file. The whole batch
 * is checked against the module's free space first: nothing is written when it cannot fit.
 */
export const uploadFiles = async (
  api: Api,
  path: string,
  remoteDir: string,
  picked: readonly PickedFile[],
  label: string,
): Promise<UploadOutcome> => {
  const root = remoteDir.split('/').slice(0, 2).join('/') || '/usr';
  const space = await api.deviceFree({ path, remote: root });
  const noRoom = checkFreeSpace(
    space.ok ? space.value : null,
    picked.map((p) => p.file.size),
    remoteDir,
  );
  if (noRoom) {
    report(noRoom);
    return { uploaded: 0, state: 'failed' };
  }
  const transfers = useTransfers.getState();
  const bytesTotal = picked.reduce((sum, p) => sum + p.file.size, 0);
  const id = transfers.start({ kind: 'push', label, bytesTotal, filesTotal: picked.length });
  let unchanged = 0;
  const finish = (state: Transfer['state'], uploaded: number): UploadOutcome => {
    useTransfers.getState().finish(id, state, unchanged);
    if (uploaded > 0) useModuleFilesVersion.getState().bump();
    return { uploaded, state };
  };
  for (const dir of foldersToCreate(remoteDir, picked)) {
    const made = await api.deviceMkdir({ path, remote: dir });
    if (!made.ok) {
      report(made.error);
      return finish('failed', 0);
    }
  }
  let base = 0;
  for (const [index, item] of picked.entries()) {
    if (useTransfers.getState().transfers.find((t) => t.id === id)?.cancelRequested) return finish('cancelled', index);
    const operationId = `${id}-${index}`;
    useTransfers.getState().setOperation(id, operationId, item.relPath, base, index);
    const data = new Uint8Array(await item.file.arrayBuffer());
    const result = await api.devicePush({ path, remote: joinRemote(remoteDir, item.relPath), data, operationId });
    if (!result.ok) {
      if (result.error.code === 'CANCELLED') return finish('cancelled', index);
      report(result.error);
      return finish('failed', index);
    }
    if (result.value.unchanged) unchanged++;
    base += item.file.size;
  }
  return finish('done', picked.length);
};

/** Pushes a file from the chosen local folder (the backend reads it). */
export const uploadLocalFile = async (
  api: Api,
  path: string,
  local: LocalRef,
  name: string,
  size: number,
  remote: string,
): Promise<boolean> => {
  const id = useTransfers.getState().start({ kind: 'push', label: name, bytesTotal: size, filesTotal: 1 });
  useTransfers.getState().setOperation(id, id, name, 0, 0);
  const result = await api.devicePush({ path, remote, local, operationId: id });
  useTransfers
    .getState()
    .finish(
      id,
      result.ok ? 'done' : result.error.code === 'CANCELLED' ? 'cancelled' : 'failed',
      result.ok && result.value.unchanged ? 1 : 0,
    );
  if (!result.ok) {
    if (result.error.code !== 'CANCELLED') report(result.error);
    return false;
  }
  useModuleFilesVersion.getState().bump();
  return true;
};

/** Reads a module file and saves it as a browser download. */
export const downloadToBrowser = async (api: Api, path: string, remote: string, size: number): Promise<boolean> => {
  const id = useTransfers.getState().start({ kind: 'pull', label: baseName(remote), bytesTotal: size, filesTotal: 1 });
  useTransfers.getState().setOperation(id, id, remote, 0, 0);
  const result = await api.deviceRead({ path, remote, operationId: id });
  useTransfers.getState().finish(id, result.ok ? 'done' : result.error.code === 'CANCELLED' ? 'cancelled' : 'failed');
  if (!result.ok) {
    if (result.error.code !== 'CANCELLED') report(result.error);
    return false;
  }
  downloadBytes(result.value.data, baseName(remote));
  return true;
};

/** Copies a module file into the chosen local folder. */
export const pullToFolder = async (
  api: Api,
  path: string,
  remote: string,
  size: number,
  local: LocalRef,
): Promise<boolean> => {
  const id = useTransfers.getState().start({ kind: 'pull', label: baseName(remote), bytesTotal: size, filesTotal: 1 });
  useTransfers.getState().setOperation(id, id, remote, 0, 0);
  const result = await api.devicePull({ path, remote, local, operationId: id });
  useTransfers.getState().finish(id, result.ok ? 'done' : result.error.code === 'CANCELLED' ? 'cancelled' : 'failed');
  if (!result.ok && result.error.code !== 'CANCELLED') report(result.error);
  return result.ok;
};

export const cancelTransfer = async (api: Api, path: string | null, transfer: Transfer): Promise<void> => {
  useTransfers.getState().requestCancel(transfer.id);
  if (!path || !transfer.operationId) return;
  const result = await api.deviceCancel({ path, operationId: transfer.operationId });
  if (!result.ok && result.error.code !== 'NOT_FOUND') report(result.error);
};
