import { useCallback, useState } from 'react';
import type { ApiError } from '../../../../shared/result';
import { useApi } from '../../api/context';
import { askConfirm } from '../../components/AppDialog';
import { i18next } from '../../i18n';
import { decodeText } from '../device/actions';
import { useDeviceStore } from '../device/connection/device-store';
import { useEditorStore } from '../device/editor/editor-store';
import { formatBytes } from '../device/format';
import { pickDeviceSession } from './device-target';

export const MAIN_PY = '/usr/main.py';

type PushState =
  | { kind: 'idle' }
  | { kind: 'pushing' }
  | { kind: 'no-device' }
  | { kind: 'pushed'; port: string; bytes: number }
  | { kind: 'restarting'; port: string; bytes: number }
  | { kind: 'restarted'; port: string; bytes: number; mainRunning: boolean }
  | { kind: 'running'; port: string; bytes: number };

/** Pushes main.py to the connected module (the one open in the Device workspace first), then runs it. */
export const usePush = () => {
  const api = useApi();
  const [state, setState] = useState<PushState>({ kind: 'idle' });
  const [error, setError] = useState<ApiError | null>(null);

  const push = useCallback(
    async (code: string) => {
      setError(null);
      setState({ kind: 'pushing' });
      const sessions = await api.deviceSessions({});
      if (!sessions.ok) {
        setError(sessions.error);
        setState({ kind: 'idle' });
        return;
      }
      const device = useDeviceStore.getState();
      const target = pickDeviceSession(sessions.value, device.connectedPath ?? device.selected?.path ?? null);
      if (!target) {
        setState({ kind: 'no-device' });
        return;
      }
      // Other code already in main.py is only replaced when the user says so.
      const current = await api.deviceRead({ path: target.path, remote: MAIN_PY, interrupt: true });
      if (!current.ok && current.error.code !== 'NO_SUCH_FILE') {
        setError(current.error);
        setState({ kind: 'idle' });
        return;
      }
      if (current.ok && decodeText(current.value.data) !== code) {
        const t = (key: string, options?: Record<string, unknown>) => i18next.t(`device:${key}`, options);
        const agreed = await askConfirm(
          t('dialog.overwriteTitle'),
          t('push.confirmOverwrite', {
            remote: MAIN_PY,
            port: target.path,
            size: formatBytes(current.value.data.byteLength),
          }),
          { confirmLabel: t('dialog.overwrite'), danger: true },
        );
        if (!agreed) {
          setState({ kind: 'idle' });
          return;
        }
      }
      const r = await api.devicePush({ path: target.path, remote: MAIN_PY, data: code, interrupt: true });
      if (!r.ok) {
        setError(r.error);
        setState({ kind: 'idle' });
        return;
      }
      // An editor tab showing main.py now shows old code: it gets a "changed on module" notice.
      useEditorStore.getState().noteModuleWrite(MAIN_PY, code);
      setState({ kind: 'pushed', port: target.path, bytes: r.value.bytes });
    },
    [api],
  );

  /** Soft reset: the module reboots and runs /usr/main.py as it would at power-on. */
  const restart = useCallback(
    async (port: string, bytes: number) => {
      setError(null);
      setState({ kind: 'restarting', port, bytes });
      const r = await api.deviceSoftReset({ path: port, interrupt: true });
      if (!r.ok) {
        setError(r.error);
        setState({ kind: 'pushed', port, bytes });
        return;
      }
      setState({ kind: 'restarted', port, bytes, mainRunning: r.value.mainRunning });
    },
    [api],
  );

  /** Runs main.py now; its output streams to the module's terminal until it ends or is interrupted. */
  const run = useCallback(
    async (port: string, bytes: number) => {
      setError(null);
      setState({ kind: 'running', port, bytes });
      const r = await api.deviceRunFile({ path: port, remote: MAIN_PY, interrupt: true });
      if (!r.ok && r.error.code !== 'CANCELLED') setError(r.error);
    },
    [api],
  );

  return {
    state,
    error,
    push,
    restart,
    run,
    clearError: () => setError(null),
    reset: () => setState({ kind: 'idle' }),
  };
};
