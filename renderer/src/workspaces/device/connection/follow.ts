import type { PortInfo } from '../../../../../shared/api/app';
import { persisted, type Decode } from '../../../stores/persisted';

/** What we remember about a port to recognise it again after the module re-enumerates (new /dev/ttyUSBn or COMn). */
export interface PortIdentity {
  path: string;
  label?: string;
  model?: string;
  interfaceNumber?: number;
  serialNumber?: string;
  kind?: PortInfo['kind'];
  role?: PortInfo['role'];
}

export const identityOf = (port: PortInfo): PortIdentity => ({
  path: port.path,
  label: port.label,
  kind: port.kind,
  role: port.role,
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

const portIdentity: Decode<PortIdentity> = (raw) => {
  // Older versions stored the bare path.
  if (typeof raw === 'string') return raw.startsWith('{') ? undefined : { path: raw };
  return raw && typeof raw === 'object' && typeof (raw as PortIdentity).path === 'string'
    ? (raw as PortIdentity)
    : undefined;
};

const lastPort = persisted<PortIdentity | null>('qpy.device.lastPort', null, portIdentity);

export const loadLastPort = (): PortIdentity | null => lastPort.read();

export const saveLastPort = (identity: PortIdentity): void => lastPort.write(identity);
