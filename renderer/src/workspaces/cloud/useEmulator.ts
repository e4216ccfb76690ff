import { useCallback, useEffect, useRef, useState } from 'react';
import type { CloudEmulatorStatus } from '../../../../shared/api/cloud';
import type { EmulatedCloudId, EmulatorEvent } from '../../../../shared/cloud';
import type { ApiError } from '../../../../shared/result';
import { useApi } from '../../api/context';

const MAX_EVENTS = 200;
const POLL_MS = 2000;

export type SeqEvent = EmulatorEvent & { seq: number };

interface EmulatorState {
  status: CloudEmulatorStatus | null;
  events: SeqEvent[];
  busy: boolean;
  error: ApiError | null;
  start(cloud: EmulatedCloudId, fields: Record<string, string>): Promise<CloudEmulatorStatus | undefined>;
  stop(): Promise<void>;
  clearError(): void;
}

/** The embedded broker's cloud emulator: its status (polled while it runs) and the events it reports. */
export const useEmulator = (): EmulatorState => {
  const api = useApi();
  const [status, setStatus] = useState<CloudEmulatorStatus | null>(null);
  const [events, setEvents] = useState<SeqEvent[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const seq = useRef(0);

  const refresh = useCallback(async () => {
    const r = await api.cloudEmulatorStatus({});
    if (!r.ok) return;
    setStatus(r.value);
    // Opened while an emulator already runs (e.g. after a reload): show what it saw so far.
    const history = r.value.events;
    setEvents((list) => (list.length > 0 ? list : history.map((e) => ({ ...e, seq: ++seq.current }))));
  }, [api]);

  useEffect(() => {
    void refresh();
    return api.on('cloud.emulator', (event) => {
      setEvents((list) => [...list.slice(-(MAX_EVENTS - 1)), { ...event, seq: ++seq.current }]);
      if (event.kind === 'connect.accepted' || event.kind === 'connect.refused') void refresh();
    });
  }, [api, refresh]);

  const running = status?.running ?? false;
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => void refresh(), POLL_MS);
    return () => clearInterval(timer);
  }, [running, refresh]);

  const start = useCallback(
    async (cloud: EmulatedCloudId, fields: Record<string, string>) => {
      setBusy(true);
      setError(null);
      const r = await api.cloudEmulatorStart({ cloud, fields });
      setBusy(false);
      if (!r.ok) {
        setError(r.error);
        return undefined;
      }
      setEvents([]);
      setStatus(r.value);
      return r.value;
    },
    [api],
  );

  const stop = useCallback(async () => {
    setBusy(true);
    const r = await api.cloudEmulatorStop({});
    setBusy(false);
    if (r.ok) setStatus(r.value);
    else setError(r.error);
  }, [api]);

  return { status, events, busy, error, start, stop, clearError: () => setError(null) };
};

/** Where a device reaches the emulator: the broker's address, with a wildcard bind shown as loopback. */
export const emulatorEndpoint = (status: CloudEmulatorStatus | null): { host: string; port: number } | undefined => {
  if (!status?.running || !status.broker?.port) return undefined;
  const host = status.broker.host;
  return { host: !host || host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host, port: status.broker.port };
};
