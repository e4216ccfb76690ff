import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { PortInfo } from '../../../../../shared/api/app';
import { fail } from '../../../../../shared/result';
import { createFakeApi } from '../../../../test/fake-api';
import {
  applyDeviceState,
  applyPorts,
  connectDevice,
  disconnectDevice,
  selectPort,
  useDeviceStore,
} from './device-store';

const repl = (path: string): PortInfo => ({
  path,
  label: 'Quectel EC600N/EC600S — REPL (interface 5)',
  kind: 'usb',
  role: 'repl',
  selectable: true,
  model: 'EC600N/EC600S',
  interfaceNumber: 5,
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('device connection store', () => {
  beforeEach(() => {
    useDeviceStore.setState({
      selected: null,
      ports: null,
      status: 'disconnected',
      connectedPath: null,
      reason: null,
      operation: null,
      info: null,
      notice: null,
      wantConnected: false,
    });
  });

  it('stays connecting until the prompt answered, even when the backend already says connected', async () => {
    // The file pane lists as soon as the status is 'connected'; listing before the prompt answered would swallow it.
    let answer: () => void = () => undefined;
    const api = createFakeApi({
      deviceOpen: ({ path }, backend) => {
        backend.emit('device.state', { path, state: 'connected', baudRate: 115200 });
        return { ok: true, value: { path, state: 'connected', baudRate: 115200 } };
      },
      deviceWrite: ({ path }, backend) => {
        answer = () => backend.emit('device.terminal', { path, data: new TextEncoder().encode('\r\n>>> ') });
        return { ok: true, value: undefined };
      },
    });
    const off = api.on('device.state', applyDeviceState);
    selectPort(repl('/dev/ttyUSB5'));
    const connected = connectDevice(api);
    await settle();
    expect(useDeviceStore.getState().status).toBe('connecting');
    answer();
    expect(await connected).toBe(true);
    expect(useDeviceStore.getState().status).toBe('connected');
    off();
  });

  it('connects, remembers the port, shows busy operations and the reason of a disconnect', async () => {
    const api = createFakeApi();
    selectPort(repl('/dev/ttyUSB5'));
    expect(JSON.parse(localStorage.getItem('qpy.device.lastPort')!)).toMatchObject({
      path: '/dev/ttyUSB5',
      model: 'EC600N/EC600S',
      interfaceNumber: 5,
    });
    expect(await connectDevice(api)).toBe(true);
    expect(useDeviceStore.getState()).toMatchObject({ status: 'connected', connectedPath: '/dev/ttyUSB5' });
    expect(api.calls[0]).toEqual({ name: 'deviceOpen', request: { path: '/dev/ttyUSB5' } });
    applyDeviceState({ path: '/dev/ttyUSB5', state: 'busy', baudRate: 115200, operation: 'push /usr/main.py' });
    expect(useDeviceStore.getState()).toMatchObject({ status: 'busy', operation: 'push /usr/main.py' });
    applyDeviceState({
      path: '/dev/ttyUSB5',
      state: 'disconnected',
      baudRate: 115200,
      reason: 'the module was unplugged',
      code: 'DISCONNECTED',
    });
    expect(useDeviceStore.getState()).toMatchObject({
      status: 'disconnected',
      reason: 'the module was unplugged',
      connectedPath: null,
      wantConnected: true,
    });
  });

  it('follows the module to its new path after a reset and reopens it', async () => {
    const api = createFakeApi();
    selectPort(repl('/dev/ttyUSB5'));
    await connectDevice(api);
    applyDeviceState({
      path: '/dev/ttyUSB5',
      state: 'disconnected',
      baudRate: 115200,
      reason: 'port vanished',
      code: 'DISCONNECTED',
    });
    applyPorts(api, [repl('/dev/ttyUSB9')]);
    expect(useDeviceStore.getState().selected?.path).toBe('/dev/ttyUSB9');
    await vi.waitFor(
      () => expect(useDeviceStore.getState()).toMatchObject({ status: 'connected', connectedPath: '/dev/ttyUSB9' }),
      { timeout: 3000 },
    );
    expect(api.calls.filter((c) => c.name === 'deviceOpen').map((c) => c.request)).toEqual([
      { path: '/dev/ttyUSB5' },
      { path: '/dev/ttyUSB9' },
    ]);
  });

  it('does not reopen after the user disconnected', async () => {
    const api = createFakeApi();
    selectPort(repl('/dev/ttyUSB5'));
    await connectDevice(api);
    await disconnectDevice(api);
    applyPorts(api, [repl('/dev/ttyUSB5')]);
    await settle();
    expect(useDeviceStore.getState().status).toBe('disconnected');
    expect(api.calls.filter((c) => c.name === 'deviceOpen')).toHaveLength(1);
  });

  it('shows why opening failed (e.g. the port is held by another program)', async () => {
    const api = createFakeApi({
      deviceOpen: () => fail('PORT_BUSY', '/dev/ttyUSB5 is in use by QPYcom (pid 42); close it and try again.'),
    });
    selectPort('/dev/ttyUSB5');
    expect(await connectDevice(api)).toBe(false);
    expect(useDeviceStore.getState()).toMatchObject({ status: 'disconnected', wantConnected: false });
    expect(useDeviceStore.getState().notice).toMatchObject({ code: 'PORT_BUSY' });
  });
});
