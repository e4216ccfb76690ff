import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { autoDetect } from '@serialport/bindings-cpp';
import type { RawPortInfo } from './ports';

const onPath = (command: string): boolean =>
  (process.env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, command)));

/**
 * Lists the machine's serial ports through the native binding. On Linux the binding spawns `udevadm` and crashes
 * the process when it is missing, so without it we read /dev/serial/by-id ourselves.
 */
export const listNativePorts = async (): Promise<RawPortInfo[]> => {
  if (process.platform === 'linux' && !onPath('udevadm')) return listLinuxByIdFallback();
  return autoDetect().list();
};

const listLinuxByIdFallback = async (): Promise<RawPortInfo[]> => {
  const { readdir, realpath } = await import('node:fs/promises');
  const dir = '/dev/serial/by-id';
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const ports: RawPortInfo[] = [];
  for (const name of names) {
    const path = await realpath(join(dir, name)).catch(() => undefined);
    if (!path) continue;
    const quectel = /quectel/i.test(name);
    ports.push({ path, pnpId: name, ...(quectel ? { vendorId: '2c7c', manufacturer: 'Quectel' } : {}) });
  }
  return ports;
};
