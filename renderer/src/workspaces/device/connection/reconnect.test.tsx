import { screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { fail, ok } from '../../../../../shared/result';
import { createFakeApi } from '../../../../test/fake-api';
import { renderWithApi } from '../../../../test/render';
import { registerTerminalWriter } from '../terminal/terminal-bus';
import { ConnectionPanel } from './ConnectionPanel';
import {
  applyDeviceState,
  applyPorts,
  connectDevice,
  RECONNECT_EVERY_MS,
  selectPort,
  useDeviceStore,
} from './device-store';

const PTY = '/tmp/qpy-dev-1/tty';

const unplugged = () =>
  applyDeviceState(
    { path: PTY, state: 'disconnected', baudRate: 115200, reason: 'bad file descriptor', code: 'DISCONNECTED' },
    api,
  );

let api = createFakeApi();

describe('a module unplugged and plugged back at the same port', () => {
  it('says it was unplugged (not "bad file descriptor"), marks the terminal, and reconnects when it is back', async () => {
    const printed: string[] = [];
    registerTerminalWriter((data) => printed.push(String(data)));
    let back = false;
    api = createFakeApi({
      deviceOpen: ({ path }) =>
        back ? ok({ path, state: 'connected', baudRate: 115200 }) : fail('PORT_NOT_FOUND', `${path} was not found`),
    });
    back = true;
    selectPort(PTY);
    expect(await connectDevice(api)).toBe(true);
    back = false;
    renderWithApi(<ConnectionPanel />, api);
    unplugged();
    expect(await screen.findByTestId('connection-reason')).toHaveTextContent('the module was unplugged or reset');
    expect(screen.getByTestId('connection-state')).not.toHaveTextContent('bad file descriptor');
    expect(screen.getByTestId('connection-waiting')).toHaveTextContent('Reconnects by itself');
    expect(printed.join('')).toContain('module unplugged or reset');
    // Not back yet: the port is tried again, quietly.
    await vi.waitFor(() => expect(api.calls.filter((c) => c.name === 'deviceOpen')).toHaveLength(2), {
      timeout: RECONNECT_EVERY_MS * 4,
    });
    expect(useDeviceStore.getState()).toMatchObject({ status: 'disconnected', notice: null, wantConnected: true });
    back = true;
    await vi.waitFor(() => expect(useDeviceStore.getState().status).toBe('connected'), {
      timeout: RECONNECT_EVERY_MS * 4,
    });
    expect(printed.join('')).toContain('module back, reconnected');
    expect(screen.queryByTestId('connection-waiting')).toBeNull();
    registerTerminalWriter(null);
  });

  // CI's unplug e2e: the port list that follows the unplug still names the typed pty path, and the reopen it started
  // was taken as the user's own Connect, so "does not exist" ended the wait.
  it('keeps waiting when a new port list still names the port but it is not back yet', async () => {
    api = createFakeApi();
    selectPort(PTY);
    expect(await connectDevice(api)).toBe(true);
    api = createFakeApi({ deviceOpen: ({ path }) => fail('PORT_NOT_FOUND', `${path} does not exist`) });
    renderWithApi(<ConnectionPanel />, api);
    unplugged();
    applyPorts(api, [{ path: PTY, label: PTY, kind: 'pty', role: 'unknown', selectable: true }]);
    await vi.waitFor(() => expect(api.calls.filter((c) => c.name === 'deviceOpen')).toHaveLength(1));
    await vi.waitFor(() => expect(useDeviceStore.getState().status).toBe('disconnected'));
    expect(useDeviceStore.getState()).toMatchObject({ notice: null, wantConnected: true });
    expect(screen.getByTestId('connection-reason')).toHaveTextContent('the module was unplugged or reset');
    expect(screen.getByTestId('connection-waiting')).toHaveTextContent('Reconnects by itself');
  });

  it('stops looking when the user says so', async () => {
    api = createFakeApi();
    selectPort(PTY);
    expect(await connectDevice(api)).toBe(true);
    api = createFakeApi({ deviceOpen: ({ path }) => fail('PORT_NOT_FOUND', `${path} was not found`) });
    renderWithApi(<ConnectionPanel />, api);
    unplugged();
    (await screen.findByTestId('stop-waiting')).click();
    await new Promise((resolve) => setTimeout(resolve, RECONNECT_EVERY_MS * 2));
    expect(api.calls.filter((c) => c.name === 'deviceOpen')).toHaveLength(0);
    expect(useDeviceStore.getState().wantConnected).toBe(false);
  });
});
