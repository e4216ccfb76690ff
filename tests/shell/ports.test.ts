import { describe, expect, it } from 'vitest';
import { createPortsService, describePort } from '../../electron/services/ports';
import { interfaceNumberFrom } from '../../shared/device/quectel';
import { SAMPLE_PORTS } from './helpers';

describe('port listing', () => {
  it('reads the USB interface from Linux by-id names and Windows PnP ids', () => {
    expect(interfaceNumberFrom('usb-Quectel_EC600N-CN_0123-if05-port0')).toBe(5);
    expect(interfaceNumberFrom('USB\\VID_2C7C&PID_0901&MI_08\\6&1A2B3C&0&0008')).toBe(8);
    expect(interfaceNumberFrom('pci-0000:00:14.0')).toBeUndefined();
  });

  it.each([
    ['6001', 5, 'EC600N/EC600S'],
    ['6002', 5, 'EC600M/EC800M'],
    ['6005', 5, 'EC200A'],
    ['0901', 8, 'EC600U/EC200U/EG912U/EG915U'],
    ['0903', 5, 'EC600E/EC800E'],
    ['0700', 1, 'BG95'],
  ])('marks interface %s/%i as the REPL of %s', (pid, iface, model) => {
    const port = describePort({
      path: '/dev/ttyUSB9',
      vendorId: '2C7C',
      productId: pid,
      pnpId: `usb-Quectel-if0${iface}-port0`,
    });
    expect(port).toMatchObject({ role: 'repl', selectable: true, model, interfaceNumber: iface });
    expect(port.label).toContain('REPL');
  });

  it('labels the other interfaces of a module and makes them unselectable', () => {
    const at = describePort(SAMPLE_PORTS[1]!);
    expect(at).toMatchObject({ role: 'at', selectable: false });
    expect(at.label).toContain('AT');
    const dm = describePort(SAMPLE_PORTS[0]!);
    expect(dm).toMatchObject({ role: 'dm', selectable: false });
  });

  it('prefers the OS name of a port over the usual layout (Windows friendly names)', () => {
    const port = describePort({
      path: 'COM7',
      vendorId: '2c7c',
      productId: '0901',
      friendlyName: 'Quectel USB REPL Port (COM7)',
    });
    expect(port).toMatchObject({ role: 'repl', selectable: true });
    const mi = describePort({
      path: 'COM9',
      vendorId: '2c7c',
      productId: '6001',
      friendlyName: 'Quectel USB MI05 COM Port (COM9)',
    });
    expect(mi.role).toBe('repl');
  });

  it('keeps non-Quectel ports selectable and lists REPL ports first, entered paths last', async () => {
    const service = createPortsService({
      list: async () => SAMPLE_PORTS,
      manualPaths: () => ['/tmp/ttyQPY', '/dev/ttyS0'],
    });
    const ports = await service.list();
    expect(ports[0]).toMatchObject({ path: '/dev/ttyUSB5', role: 'repl' });
    expect(ports.find((p) => p.path === '/dev/ttyS0')).toMatchObject({ selectable: true, kind: 'native' });
    expect(ports.at(-1)).toMatchObject({ path: '/tmp/ttyQPY', kind: 'manual' });
    expect(ports.filter((p) => p.path === '/dev/ttyS0')).toHaveLength(1);
  });

  it('shows simulator ports as simulators', () => {
    const port = describePort({
      path: 'sim://ec600n-modern',
      manufacturer: 'QPY Studio',
      friendlyName: 'Simulated EC600N (QuecPython)',
    });
    expect(port).toMatchObject({
      kind: 'simulator',
      role: 'repl',
      selectable: true,
      label: 'Simulated EC600N (QuecPython)',
    });
  });
});
