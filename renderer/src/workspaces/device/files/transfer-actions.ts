import type { LocalRef } from '../../../../../shared/api/local';
import type { Api } from '../../../../../shared/contract';
import type { ApiError } from '../../../../../shared/result';
import { baseName } from '../actions';
import { useDeviceStore } from '../connection/device-store';
import { downloadBytes } from './download';
import { useTransfers, type Transfer } from './transfers-store';

const report = (error: ApiError) => useDeviceStore.getState().report(error);

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
