import type { PortRole } from '../api/app';

/** Quectel's USB vendor id. */
export const QUECTEL_VENDOR_ID = '2c7c';

interface QuectelProduct {
  models: string;
  /** USB interface number of the QuecPython REPL port. */
  replInterface: number;
}

/** Product id (lower-case hex) → models and REPL interface, from the field table in DESIGN.md. */
const QUECTEL_PRODUCTS: Readonly<Record<string, QuectelProduct>> = {
  '6001': { models: 'EC600N/EC600S', replInterface: 5 },
  '6002': { models: 'EC600M/EC800M', replInterface: 5 },
  '6005': { models: 'EC200A', replInterface: 5 },
  '0901': { models: 'EC600U/EC200U/EG912U/EG915U', replInterface: 8 },
  '0903': { models: 'EC600E/EC800E', replInterface: 5 },
  '0700': { models: 'BG95', replInterface: 1 },
};

/** The usual Quectel layout of the low interfaces (DM, NMEA, AT, modem) where they are not the REPL. */
const USUAL_ROLES: Readonly<Record<number, PortRole>> = { 0: 'dm', 1: 'nmea', 2: 'at', 3: 'modem' };

const ROLE_HINTS: ReadonlyArray<[RegExp, PortRole]> = [
  [/repl|mi05 com/i, 'repl'],
  [/\bat\b|at port/i, 'at'],
  [/diag|\bdm\b/i, 'dm'],
  [/nmea|gps|gnss/i, 'nmea'],
  [/modem/i, 'modem'],
];

export const normaliseUsbId = (id: string | undefined): string | undefined =>
  id ? id.toLowerCase().replace(/^0x/, '').padStart(4, '0') : undefined;

/**
 * The USB interface number, read from the identifiers the OS gives:
 * Linux by-id names end in `-if05-port0`, Windows PnP ids carry `MI_05`.
 */
export const interfaceNumberFrom = (...ids: Array<string | undefined>): number | undefined => {
  for (const id of ids) {
    if (!id) continue;
    const m = /(?:-if|[&\\]MI_)([0-9a-f]{2})/i.exec(id);
    if (m?.[1]) return parseInt(m[1], 16);
  }
  return undefined;
};

export const roleLabel: Readonly<Record<PortRole, string>> = {
  repl: 'REPL',
  at: 'AT',
  modem: 'Modem',
  dm: 'DM',
  nmea: 'NMEA',
  other: 'other',
  unknown: 'unknown',
};

interface QuectelPortClassification {
  model: string;
  role: PortRole;
}

/** Classifies one interface of a Quectel module: REPL by the product table, other roles by name or usual layout. */
export const classifyQuectelPort = (
  productId: string | undefined,
  interfaceNumber: number | undefined,
  names: Array<string | undefined>,
): QuectelPortClassification => {
  const product = productId ? QUECTEL_PRODUCTS[productId] : undefined;
  const model = product?.models ?? `Quectel module (PID ${productId ?? '?'})`;
  for (const name of names) {
    if (!name) continue;
    for (const [re, role] of ROLE_HINTS) if (re.test(name)) return { model, role };
  }
  if (interfaceNumber === undefined) return { model, role: 'unknown' };
  if (product && interfaceNumber === product.replInterface) return { model, role: 'repl' };
  return { model, role: USUAL_ROLES[interfaceNumber] ?? 'other' };
};
