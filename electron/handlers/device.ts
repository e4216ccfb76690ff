import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { deviceCalls } from '../../shared/api/device';
import type { LocalRef } from '../../shared/api/local';
import { pushTarget } from '../../shared/device/remote-path';
import { AppError } from '../../shared/errors';
import { utf8 } from '../device/bytes';
import type { DeviceManager } from '../device/manager';
import { planSync, sync } from '../device/sync';
import type { DomainHandlers } from '../ipc/types';
import { checkSerialPortPath } from '../device/port-path-check';

interface DeviceHandlerDeps {
  manager: DeviceManager;
  /** The absolute path of a picked file or folder (refuses anything outside the user's grants). */
  resolveLocal: (ref: LocalRef) => Promise<string>;
  /** The paths the serial binding lists now: they open whatever their name (see checkSerialPortPath). */
  listedPorts?: () => Promise<string[]>;
}

const localError = (path: string, action: string) => (error: NodeJS.ErrnoException) => {
  throw new AppError('LOCAL_IO', `Could not ${action} ${path} on this computer: ${error.code ?? error.message}.`, {
    path,
  });
};

const interruptOption = (interrupt: boolean | undefined) => (interrupt === undefined ? {} : { interrupt });

export const createDeviceHandlers = ({
  manager,
  resolveLocal,
  listedPorts,
}: DeviceHandlerDeps): DomainHandlers<keyof typeof deviceCalls> => ({
  deviceOpen: async ({ path, baudRate }) => {
    await checkSerialPortPath(path, listedPorts ? { listed: listedPorts } : {});
    return manager.open(path, baudRate === undefined ? {} : { baudRate });
  },
  deviceClose: ({ path }) => manager.close(path),
  deviceSessions: () => manager.sessions(),
  deviceWrite: ({ path, data }) => manager.session(path).write(data),
  deviceInterrupt: async ({ path }) => {
    manager.cancel(path);
    await manager.session(path).interrupt();
  },
  deviceSoftReset: ({ path, interrupt, timeoutMs }) =>
    manager
      .session(path)
      .softReset({ ...interruptOption(interrupt), ...(timeoutMs === undefined ? {} : { watchMs: timeoutMs }) }),
  deviceInfo: ({ path, interrupt }) => manager.files(path).info(interruptOption(interrupt)),
  deviceExec: ({ path, code, interrupt, timeoutMs }) =>
    manager
      .files(path)
      .exec(code, { ...interruptOption(interrupt), ...(timeoutMs === undefined ? {} : { idleMs: timeoutMs }) }),
  deviceRunFile: ({ path, remote, interrupt }) => manager.files(path).runFile(remote, interruptOption(interrupt)),
  deviceRunCode: ({ path, code, interrupt }) => manager.files(path).runCode(code, interruptOption(interrupt)),
  deviceList: ({ path, remote, recursive, interrupt }) =>
    manager.files(path).list(remote, { ...interruptOption(interrupt), recursive: recursive === true }),
  deviceStat: ({ path, remote, interrupt }) => manager.files(path).stat(remote, interruptOption(interrupt)),
  deviceFree: ({ path, remote, interrupt }) => manager.files(path).free(remote ?? '/usr', interruptOption(interrupt)),
  deviceRead: async ({ path, remote, interrupt, operationId }) => {
    const op = manager.startOperation(path, 'pull', operationId);
    try {
      const data = await manager.files(path).read(remote, {
        ...interruptOption(interrupt),
        signal: op.signal,
        onProgress: (t) => op.report({ ...t, file: remote }),
      });
      op.report({ bytesDone: data.length, bytesTotal: data.length, file: remote, done: true, filesDone: 1 });
      return { remote, data };
    } finally {
      op.end();
    }
  },
  devicePush: async ({ path, remote: requested, data, local, force, interrupt, operationId }) => {
    let bytes: Uint8Array;
    let remote = requested;
    if (local !== undefined) {
      const localPath = await resolveLocal(local);
      bytes = new Uint8Array(await readFile(localPath).catch(localError(localPath, 'read')));
      // Like `mpremote cp x :/usr/`: a folder as the target means "into it, under the file's own name".
      remote = pushTarget(requested, basename(localPath));
    } else {
      bytes = typeof data === 'string' ? utf8(data) : (data ?? new Uint8Array(0));
    }
    const op = manager.startOperation(path, 'push', operationId);
    try {
      const result = await manager.files(path).push(remote, bytes, {
        ...interruptOption(interrupt),
        force: force === true,
        signal: op.signal,
        onProgress: (t) => op.report({ ...t, file: remote }),
      });
      op.report({ bytesDone: bytes.length, bytesTotal: bytes.length, file: remote, done: true, filesDone: 1 });
      return result;
    } finally {
      op.end();
    }
  },
  devicePull: async ({ path, remote, local, interrupt, operationId }) => {
    const localPath = await resolveLocal(local);
    const op = manager.startOperation(path, 'pull', operationId);
    try {
      const data = await manager.files(path).read(remote, {
        ...interruptOption(interrupt),
        signal: op.signal,
        onProgress: (t) => op.report({ ...t, file: remote }),
      });
      await writeFile(localPath, data).catch(localError(localPath, 'write'));
      op.report({ bytesDone: data.length, bytesTotal: data.length, file: remote, done: true, filesDone: 1 });
      return { bytes: data.length };
    } finally {
      op.end();
    }
  },
  deviceRemove: ({ path, remote, recursive, interrupt }) =>
    manager.files(path).remove(remote, { ...interruptOption(interrupt), recursive: recursive === true }),
  deviceRename: ({ path, from, to, interrupt }) => manager.files(path).rename(from, to, interruptOption(interrupt)),
  deviceMkdir: ({ path, remote, interrupt }) => manager.files(path).mkdir(remote, interruptOption(interrupt)),
  deviceSetMain: ({ path, remote, interrupt }) => manager.files(path).setMain(remote, interruptOption(interrupt)),
  deviceSyncPlan: async ({ path, local, remoteDir, delete: deleteExtra, interrupt }) => {
    const localDir = await resolveLocal(local);
    return planSync(manager.files(path), localDir, remoteDir ?? '/usr', {
      ...interruptOption(interrupt),
      deleteExtra: deleteExtra === true,
    });
  },
  deviceSync: async ({ path, local, remoteDir, delete: deleteExtra, interrupt, operationId }) => {
    const localDir = await resolveLocal(local);
    const op = manager.startOperation(path, 'sync', operationId);
    try {
      return await sync(manager.files(path), localDir, remoteDir ?? '/usr', {
        ...interruptOption(interrupt),
        deleteExtra: deleteExtra === true,
        signal: op.signal,
        onProgress: (t) => op.report(t),
      });
    } finally {
      op.end();
    }
  },
  deviceCancel: ({ path, operationId }) => manager.cancel(path, operationId),
});
