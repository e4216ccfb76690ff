import type { PortInfo } from '../../../../../shared/api/app';

/** What we remember about a port to recognise it again after the module re-enumerates (new /dev/ttyUSBn or COMn). */
export interface PortIdentity {
  path: string;
  label?: string;
  model?: string;
  interfaceNumber?: number;
  serialNumber?: string;
  kind?: PortInfo['kind'];
}

export const identityOf = (port: PortInfo): PortIdentity => ({
  path: port.path,
  label: port.label,
  kind: port.kind,
  ...(port.model ? { model: port.model } : {}),
  ...(port.interfaceNumber === undefined ? {} : { interfaceNumber: port.interfaceNumber }),
  ...(port.serialNumber ? { serialNumber: port.serialNumber } : {}),
});

/**
 * The port that is the same module interface as `previous` in a new port list: the same path if it is still there,
 * else the one USB port with the same model and interface number (and serial number, when the module reports one).
 * Returns undefined when it is gone or when two modules of the same model make the choice ambiguous.
 */
export const findSamePort = (previous: PortIdentity, ports: readonly PortInfo[]): PortInfo | undefined => {
  const samePath = ports.find((p) => p.path === previous.path);
  if (samePath) return samePath;
  if (!previous.model || previous.interfaceNumber === undefined) return undefined;
  const candidates = ports.filter(
    (p) =>
      p.kind === 'usb' && p.selectable && p.model === previous.model && p.interfaceNumber === previous.interfaceNumber,
  );
  if (previous.serialNumber) {
    const bySerial = candidates.filter((p) => p.serialNumber === previous.serialNumber);
    if (bySerial.length === 1) return bySerial[0];
  }
  return candidates.length === 1 ? candidates[0] : undefined;
};

const LAST_PORT_KEY = 'qpy.device.lastPort';

export const loadLastPort = (): PortIdentity | null => {
  const raw = globalThis.localStorage?.getItem(LAST_PORT_KEY);
  if (!raw) return null;
  try {
    const parsed = JSON.parse(raw) as unknown;
    if (parsed && typeof parsed === 'object' && typeof (parsed as PortIdentity).path === 'string')
      return parsed as PortIdentity;
  } catch {
    // An older version stored the bare path.
    return { path: raw };
  }
  return null;
};

export const saveLastPort = (identity: PortIdentity): void => {
  globalThis.localStorage?.setItem(LAST_PORT_KEY, JSON.stringify(identity));
};
