import type { PortInfo } from '../../shared/api/app';
import {
  classifyQuectelPort,
  interfaceNumberFrom,
  normaliseUsbId,
  QUECTEL_VENDOR_ID,
  roleLabel,
} from '../../shared/device/quectel';

/** What a serialport binding's `list()` returns (the fields we use). */
export interface RawPortInfo {
  path: string;
  manufacturer?: string | undefined;
  serialNumber?: string | undefined;
  pnpId?: string | undefined;
  locationId?: string | undefined;
  vendorId?: string | undefined;
  productId?: string | undefined;
  friendlyName?: string | undefined;
}

export type ListRawPorts = () => Promise<RawPortInfo[]>;

const SIM_PREFIX = 'sim://';

export const describePort = (raw: RawPortInfo): PortInfo => {
  const vendorId = normaliseUsbId(raw.vendorId);
  const productId = normaliseUsbId(raw.productId);
  const base = {
    path: raw.path,
    ...(vendorId ? { vendorId } : {}),
    ...(productId ? { productId } : {}),
    ...(raw.manufacturer ? { manufacturer: raw.manufacturer } : {}),
    ...(raw.serialNumber ? { serialNumber: raw.serialNumber } : {}),
  };
  if (raw.path.startsWith(SIM_PREFIX)) {
    return {
      ...base,
      label: raw.friendlyName ?? raw.manufacturer ?? 'Simulated module',
      kind: 'simulator',
      role: 'repl',
      selectable: true,
    };
  }
  if (vendorId === QUECTEL_VENDOR_ID) {
    const interfaceNumber = interfaceNumberFrom(raw.pnpId, raw.path);
    const { model, role } = classifyQuectelPort(productId, interfaceNumber, [raw.friendlyName]);
    const label = `Quectel ${model} — ${roleLabel[role]}${interfaceNumber === undefined ? '' : ` (interface ${interfaceNumber})`}`;
    return {
      ...base,
      label,
      kind: 'usb',
      role,
      selectable: role === 'repl' || role === 'unknown',
      model,
      ...(interfaceNumber === undefined ? {} : { interfaceNumber }),
    };
  }
  const isUsb = Boolean(vendorId);
  const name = raw.friendlyName ?? raw.manufacturer;
  return {
    ...base,
    label: name ? `${raw.path} — ${name}` : raw.path,
    kind: isUsb ? 'usb' : 'native',
    role: 'unknown',
    selectable: true,
  };
};

const roleOrder: Record<PortInfo['role'], number> = { repl: 0, unknown: 1, at: 2, modem: 3, dm: 4, nmea: 5, other: 6 };

/** REPL ports first, then by path so the same module's interfaces stay together. */
const sortPorts = (ports: PortInfo[]): PortInfo[] =>
  [...ports].sort((a, b) => {
    const simA = a.kind === 'simulator' ? 1 : 0;
    const simB = b.kind === 'simulator' ? 1 : 0;
    if (simA !== simB) return simA - simB;
    return roleOrder[a.role] - roleOrder[b.role] || a.path.localeCompare(b.path, 'en', { numeric: true });
  });

interface PortsServiceOptions {
  list: ListRawPorts;
  /** Paths the user typed earlier (pseudo-terminals never appear in a port listing). */
  manualPaths?: () => string[];
}

export const createPortsService = ({ list, manualPaths = () => [] }: PortsServiceOptions) => ({
  async list(): Promise<PortInfo[]> {
    const raw = await list();
    const ports = sortPorts(raw.map(describePort));
    const known = new Set(ports.map((p) => p.path));
    for (const path of manualPaths()) {
      if (!known.has(path)) ports.push({ path, label: path, kind: 'manual', role: 'unknown', selectable: true });
    }
    return ports;
  },
});

export type PortsService = ReturnType<typeof createPortsService>;
