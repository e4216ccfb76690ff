import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBackend, type Backend, type BackendOptions } from '../../electron/backend';
import type { RawPortInfo } from '../../electron/services/ports';

export const SAMPLE_PORTS: RawPortInfo[] = [
  {
    path: '/dev/ttyUSB0',
    vendorId: '2c7c',
    productId: '6001',
    pnpId: 'usb-Quectel_EC600N-CN_0123-if00-port0',
    manufacturer: 'Quectel',
  },
  {
    path: '/dev/ttyUSB2',
    vendorId: '2c7c',
    productId: '6001',
    pnpId: 'usb-Quectel_EC600N-CN_0123-if02-port0',
    manufacturer: 'Quectel',
  },
  {
    path: '/dev/ttyUSB5',
    vendorId: '2c7c',
    productId: '6001',
    pnpId: 'usb-Quectel_EC600N-CN_0123-if05-port0',
    manufacturer: 'Quectel',
  },
  { path: '/dev/ttyS0' },
];

/** A real backend in a throw-away data folder, with the port listing injected. */
export const withBackend = async (options: Partial<BackendOptions> = {}) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'qpy-test-'));
  const backend: Backend = await createBackend({
    shell: 'web',
    dataDir,
    listPorts: async () => SAMPLE_PORTS,
    broker: { start: false },
    ...options,
  });
  return {
    backend,
    dataDir,
    async dispose() {
      await backend.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
};
