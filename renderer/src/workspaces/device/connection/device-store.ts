import { create } from 'zustand';
import type { PortInfo } from '../../../../../shared/api/app';
import type { DeviceConnectionState, DeviceInfo, DeviceStateEvent } from '../../../../../shared/api/device';
import type { Api } from '../../../../../shared/contract';
import type { ApiError } from '../../../../../shared/result';
import { i18next } from '../../../i18n';
import { printNote } from '../terminal/terminal-bus';
import { findSamePort, identityOf, loadLastPort, saveLastPort, type PortIdentity } from './follow';

interface DeviceStore {
  /** The port the user picked (remembered across restarts). */
  selected: PortIdentity | null;
  ports: PortInfo[] | null;
  status: DeviceConnectionState;
  /** The path of the open session, while there is one. */
  connectedPath: string | null;
  /** Why the last session ended (shown next to "Disconnected"). */
  reason: string | null;
  /** The error code of an unexpected end (DISCONNECTED: the module was unplugged or reset). */
  reasonCode: DeviceStateEvent['code'] | null;
  /** What the session is busy with. */
  operation: string | null;
  info: DeviceInfo | null;
  /** The error to show above the workbench, with its fix. */
  notice: ApiError | null;
  /** The user wants to be connected: reconnect when the module comes back after a reset or re-plug. */
  wantConnected: boolean;
  select(identity: PortIdentity): void;
  report(error: ApiError | null): void;
}

export const useDeviceStore = create<DeviceStore>((set) => ({
  selected: loadLastPort(),
  ports: null,
  status: 'disconnected',
  connectedPath: null,
  reason: null,
  reasonCode: null,
  operation: null,
  info: null,
  notice: null,
  wantConnected: false,
  select: (identity) => {
    saveLastPort(identity);
    set({ selected: identity });
  },
  report: (notice) => set({ notice }),
}));

/** The open session's path, or null; components use it to address calls. */
export const useConnectedPath = () =>
  useDeviceStore((s) => (s.status === 'connected' || s.status === 'busy' ? s.connectedPath : null));

/**
 * Resolves true once the session on `path` is usable (connected or busy), false if it goes away first. Keys typed
 * while the prompt is still arriving wait for this instead of being dropped.
 */
export const whenConnected = (path: string): Promise<boolean> =>
  new Promise((resolve) => {
    const settled = (s: DeviceStore): boolean | null => {
      if (s.connectedPath !== path) return false;
      return s.status === 'connected' || s.status === 'busy' ? true : null;
    };
    const now = settled(useDeviceStore.getState());
    if (now !== null) return resolve(now);
    const off = useDeviceStore.subscribe((s) => {
      const result = settled(s);
      if (result === null) return;
      off();
      resolve(result);
    });
  });

export const selectPort = (port: PortInfo | string): void => {
  const identity = typeof port === 'string' ? { path: port } : identityOf(port);
  useDeviceStore.getState().select(identity);
};

/** Sends Enter and waits briefly for the module's answer (the prompt), so no file operation swallows it. */
// The answer normally comes in milliseconds; the limit only matters for a module whose main.py ignores input
// (then the connection completes after it) or a busy machine.
const nudgePrompt = async (api: Api, path: string, waitMs = 2500): Promise<void> => {
  let off = () => {};
  const answered = new Promise<void>((resolve) => {
    off = api.on('device.terminal', (frame) => {
      if (frame.path === path) resolve();
    });
  });
  const written = await api.deviceWrite({ path, data: '\r' });
  if (written.ok) await Promise.race([answered, new Promise((resolve) => setTimeout(resolve, waitMs))]);
  off();
};

const note = (key: string) =>
  printNote(`──── ${i18next.t(`device:terminal.${key}`, { time: new Date().toLocaleTimeString() })} ────`);

/** Whether this window had a session before (a separator line marks each new one in the terminal). */
let hadSession = false;

/** How often a module that went away unexpectedly is looked for at its port. */
export const RECONNECT_EVERY_MS = 1500;
let reconnectTimer: ReturnType<typeof setTimeout> | null = null;

/** Opening failures that mean "not back yet" while waiting for a re-plugged module. */
const NOT_BACK_YET = new Set(['PORT_NOT_FOUND', 'PORT_ERROR', 'DISCONNECTED', 'TIMEOUT', 'DEVICE_PROTOCOL']);

/**
 * The module went away without the user asking (unplugged, reset): try its port again every RECONNECT_EVERY_MS
 * until it answers or the user gives up (Disconnect / picks another port). A module that re-enumerates under a
 * new path is followed by applyPorts.
 */
const scheduleReconnect = (api: Api): void => {
  if (reconnectTimer) return;
  reconnectTimer = setTimeout(() => {
    reconnectTimer = null;
    const { wantConnected, status, selected } = useDeviceStore.getState();
    if (!wantConnected || status !== 'disconnected' || !selected) return;
    void connectDevice(api, { waiting: true }).then((done) => {
      if (!done && useDeviceStore.getState().wantConnected) scheduleReconnect(api);
    });
  }, RECONNECT_EVERY_MS);
};

export const stopReconnecting = (): void => {
  if (reconnectTimer) clearTimeout(reconnectTimer);
  reconnectTimer = null;
  useDeviceStore.setState({ wantConnected: false });
};

/**
 * Opens the selected port. `waiting`: a retry while the module is away, which keeps the reason it went away and
 * shows no error while the port is simply not back yet.
 */
export const connectDevice = async (api: Api, { waiting = false } = {}): Promise<boolean> => {
  const { selected, status, reason, reasonCode } = useDeviceStore.getState();
  if (!selected || status === 'connecting') return false;
  const path = selected.path;
  useDeviceStore.setState({
    status: 'connecting',
    connectedPath: path,
    reason: waiting ? reason : null,
    reasonCode: waiting ? reasonCode : null,
    notice: null,
    wantConnected: true,
    info: null,
  });
  const result = await api.deviceOpen({ path });
  if (!result.ok) {
    const stillWaiting = waiting && NOT_BACK_YET.has(result.error.code) && useDeviceStore.getState().wantConnected;
    useDeviceStore.setState(
      stillWaiting
        ? { status: 'disconnected', connectedPath: null }
        : {
            status: 'disconnected',
            connectedPath: null,
            reason: result.error.message,
            reasonCode: null,
            notice: result.error,
            wantConnected: false,
          },
    );
    return false;
  }
  if (hadSession) note(waiting ? 'sessionResumed' : 'sessionStarted');
  hadSession = true;
  useDeviceStore.setState({ reason: null, reasonCode: null });
  // A fresh prompt first, before the file pane starts listing, so the terminal shows where the REPL is (a running
  // main.py simply ignores it).
  await nudgePrompt(api, path);
  if (useDeviceStore.getState().connectedPath !== path) return false;
  useDeviceStore.setState({
    status: result.value.state === 'disconnected' ? 'connected' : result.value.state,
    connectedPath: path,
    operation: result.value.operation ?? null,
  });
  void api.deviceInfo({ path }).then((info) => {
    if (useDeviceStore.getState().connectedPath !== path) return;
    if (info.ok) useDeviceStore.setState({ info: info.value });
    else if (info.error.code === 'DEVICE_BUSY') useDeviceStore.getState().report(info.error);
  });
  return true;
};

export const disconnectDevice = async (api: Api): Promise<void> => {
  const { connectedPath } = useDeviceStore.getState();
  stopReconnecting();
  if (!connectedPath) return;
  const result = await api.deviceClose({ path: connectedPath });
  note('sessionClosed');
  useDeviceStore.setState({ status: 'disconnected', connectedPath: null, reason: null, operation: null, info: null });
  if (!result.ok && result.error.code !== 'NOT_CONNECTED') useDeviceStore.getState().report(result.error);
};

/**
 * Applies a 'device.state' event for our session. With `api`, a session that ended unexpectedly is reopened when
 * the module answers at its port again.
 */
export const applyDeviceState = (event: DeviceStateEvent, api?: Api): void => {
  const state = useDeviceStore.getState();
  if (event.path !== state.connectedPath) return;
  if (event.state === 'disconnected') {
    // A closed session the user did not ask for: keep wanting it so the module is reopened when it comes back.
    const wantConnected = state.wantConnected && Boolean(event.code);
    useDeviceStore.setState({
      status: 'disconnected',
      connectedPath: null,
      operation: null,
      info: null,
      reason: event.reason ?? null,
      reasonCode: event.code ?? null,
      wantConnected,
    });
    if (event.code && state.status !== 'connecting') note('sessionLost');
    if (wantConnected && api) scheduleReconnect(api);
    return;
  }
  // The port is open but connectDevice is still waiting for the prompt's answer; it says 'connected' itself, so
  // nothing (such as the file pane's first listing) talks to the module before that answer reaches the terminal.
  if (state.status === 'connecting' && event.state === 'connected') return;
  useDeviceStore.setState({ status: event.state, operation: event.operation ?? null });
};

/**
 * A new port list: follow the selected module if it re-enumerated under another path, and reopen it when the user
 * was connected before it went away (a reset or a re-plug).
 */
export const applyPorts = (api: Api, ports: PortInfo[]): void => {
  const state = useDeviceStore.getState();
  useDeviceStore.setState({ ports });
  if (!state.selected) return;
  const same = findSamePort(state.selected, ports);
  if (!same) return;
  if (same.path !== state.selected.path || same.label !== state.selected.label) state.select(identityOf(same));
  // Wanted but disconnected means waiting for the module: a port that is listed but not back yet keeps the wait.
  if (state.wantConnected && state.status === 'disconnected') void connectDevice(api, { waiting: true });
};
