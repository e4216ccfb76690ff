import { describe, expect, it } from 'vitest';
import type { PortInfo } from '../../../../../shared/api/app';
import { findSamePort, identityOf } from './follow';

const usb = (path: string, iface: number, extra: Partial<PortInfo> = {}): PortInfo => ({
  path,
  label: `Quectel EC600N/EC600S — ${iface === 5 ? 'REPL' : 'AT'} (interface ${iface})`,
  kind: 'usb',
  role: iface === 5 ? 'repl' : 'at',
  selectable: iface === 5,
  model: 'EC600N/EC600S',
  interfaceNumber: iface,
  ...extra,
});

describe('following a module across re-enumeration', () => {
  it('keeps the same path when it is still listed', () => {
    const port = usb('/dev/ttyUSB5', 5);
    expect(findSamePort(identityOf(port), [usb('/dev/ttyUSB2', 2), port])?.path).toBe('/dev/ttyUSB5');
  });

  it('finds the same model and REPL interface under a new path after a reset', () => {
    const before = identityOf(usb('/dev/ttyUSB5', 5));
    const after = [usb('/dev/ttyUSB7', 2), usb('/dev/ttyUSB10', 5)];
    expect(findSamePort(before, after)?.path).toBe('/dev/ttyUSB10');
  });

  it('uses the serial number to pick between two modules of the same model', () => {
    const before = identityOf(usb('/dev/ttyUSB5', 5, { serialNumber: 'B' }));
    const after = [usb('/dev/ttyUSB9', 5, { serialNumber: 'A' }), usb('/dev/ttyUSB13', 5, { serialNumber: 'B' })];
    expect(findSamePort(before, after)?.path).toBe('/dev/ttyUSB13');
  });

  it('gives up when the choice is ambiguous or the module is gone', () => {
    const before = identityOf(usb('/dev/ttyUSB5', 5));
    expect(findSamePort(before, [usb('/dev/ttyUSB9', 5), usb('/dev/ttyUSB13', 5)])).toBeUndefined();
    expect(findSamePort(before, [usb('/dev/ttyUSB2', 2)])).toBeUndefined();
    expect(findSamePort({ path: '/tmp/ttyQPY' }, [usb('/dev/ttyUSB5', 5)])).toBeUndefined();
  });
});
