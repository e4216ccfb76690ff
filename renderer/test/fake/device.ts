import type { deviceCalls, DeviceEntry } from '../../../shared/api/device';
import { fail, ok } from '../../../shared/result';
import { unconfigured, type FakeDomain } from './types';
import { FAKE_PROJECT_GRANT } from './local';

const usr: DeviceEntry[] = [
  { path: '/usr/lib', name: 'lib', type: 'dir', size: 0 },
  { path: '/usr/main.py', name: 'main.py', type: 'file', size: 120 },
  { path: '/usr/config.json', name: 'config.json', type: 'file', size: 2048 },
];

const transfer = (remote: string, bytes: number) =>
  ok({
    remote,
    bytes,
    wireBytes: Math.round(bytes * 1.1),
    durationMs: 40,
    encoding: '8bit' as const,
    compressed: false,
    verified: 'sha256' as const,
  });

/** A connected simulated EC600N with a small /usr; tests override what they check. */
export const deviceFakes: FakeDomain<keyof typeof deviceCalls> = {
  deviceOpen: ({ path, baudRate }) => ok({ path, state: 'connected', baudRate: baudRate ?? 115200 }),
  deviceClose: () => ok(undefined),
  deviceSessions: () => ok([]),
  // Like a module at its prompt: Enter is answered with a fresh prompt.
  deviceWrite: ({ path, data }, backend) => {
    if (data === '\r') backend.emit('device.terminal', { path, data: new TextEncoder().encode('\r\n>>> ') });
    return ok(undefined);
  },
  deviceInterrupt: () => ok(undefined),
  deviceSoftReset: () => ok({ output: 'MPY: soft reboot\r\n', mainRunning: false }),
  deviceInfo: ({ path }) =>
    ok({
      path,
      firmware: 'legacy',
      version: '1.13.0',
      platform: 'EC600N',
      machine: 'EC600N with QuecPython',
      rawPaste: true,
      hash: 'sha256',
      inflate: null,
    }),
  deviceExec: () => ok({ stdout: '', stderr: '', durationMs: 5 }),
  deviceRunFile: () => ok({ stdout: '', stderr: '', durationMs: 5 }),
  deviceRunCode: () => ok({ stdout: '', stderr: '', durationMs: 5 }),
  deviceList: ({ remote }) => ok(remote === '/usr' ? usr : []),
  deviceStat: ({ remote }) => {
    const entry = usr.find((e) => e.path === remote);
    return entry ? ok({ ...entry, mtime: null }) : fail('NO_SUCH_FILE', `${remote} does not exist on the module.`);
  },
  deviceFree: ({ remote }) => ok({ path: remote ?? '/usr', total: 1_048_576, free: 786_432, blockSize: 4096 }),
  deviceRead: ({ remote }) => ok({ remote, data: new TextEncoder().encode('print("hello")\n') }),
  devicePush: ({ remote, data }) =>
    transfer(remote, typeof data === 'string' ? new TextEncoder().encode(data).length : (data?.length ?? 0)),
  devicePull: () => ok({ bytes: 15 }),
  deviceRemove: () => ok(undefined),
  deviceRename: () => ok(undefined),
  deviceMkdir: () => ok(undefined),
  deviceSetMain: () => ok(undefined),
  deviceSyncPlan: ({ local, remoteDir }) => {
    const localDir = [FAKE_PROJECT_GRANT.path, local.relPath].filter(Boolean).join('/');
    return ok({
      localDir,
      remoteDir: remoteDir ?? '/usr',
      new: [{ relPath: 'app.py', remote: '/usr/app.py', local: `${localDir}/app.py`, size: 300 }],
      changed: [{ relPath: 'main.py', remote: '/usr/main.py', local: `${localDir}/main.py`, size: 120 }],
      unchanged: [{ relPath: 'lib/util.py', remote: '/usr/lib/util.py', local: `${localDir}/lib/util.py`, size: 80 }],
      toDelete: [{ relPath: 'old.py', remote: '/usr/old.py', size: 10 }],
      mkdirs: [],
      bytesToSend: 420,
      deleteExtra: false,
    });
  },
  deviceSync: unconfigured('deviceSync'),
  deviceCancel: () => ok(undefined),
};
