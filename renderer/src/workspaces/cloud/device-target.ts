import type { DeviceSessionInfo } from '../../../../shared/api/device';

/**
 * The module to push to: an open session, preferring the port open in the Device workspace.
 * Undefined when no module is connected.
 */
export const pickDeviceSession = (
  sessions: DeviceSessionInfo[],
  preferred: string | null,
): DeviceSessionInfo | undefined => {
  const open = sessions.filter((s) => s.state !== 'disconnected');
  return open.find((s) => s.path === preferred) ?? open[0];
};

/** Strips ANSI escape sequences from REPL output for a plain-text log. */
export const stripAnsi = (text: string): string =>
  text.replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, '').replace(/\r(?!\n)/g, '');
