import type { appCalls } from '../../../shared/api/app';
import { ok } from '../../../shared/result';
import type { FakeDomain } from './types';

export const appFakes: FakeDomain<keyof typeof appCalls> = {
  appInfo: () =>
    ok({
      name: 'QPY Studio',
      version: '0.0.0-test',
      shell: 'web',
      platform: 'linux',
      versions: {},
      dataDir: '/tmp/qpy',
      osEncryption: false,
    }),
  portsList: () =>
    ok([
      {
        path: '/dev/ttyUSB5',
        label: 'Quectel EC600N/EC600S — REPL (interface 5)',
        kind: 'usb',
        role: 'repl',
        selectable: true,
      },
      {
        path: '/dev/ttyUSB2',
        label: 'Quectel EC600N/EC600S — AT (interface 2)',
        kind: 'usb',
        role: 'at',
        selectable: false,
      },
      {
        path: 'sim://ec600n-modern',
        label: 'Simulated EC600N (QuecPython)',
        kind: 'simulator',
        role: 'repl',
        selectable: true,
      },
    ]),
  portsRemember: () => ok(undefined),
  portsForget: () => ok(undefined),
  settingsGet: () => ok({ brokerLan: false }),
  settingsUpdate: ({ brokerLan }) => ok({ brokerLan: brokerLan ?? false }),
  openExternal: () => ok(undefined),
};
