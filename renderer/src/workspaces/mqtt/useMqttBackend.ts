import { useEffect, useState } from 'react';
import { useApi } from '../../api/context';
import type { ApiError } from '../../../../shared/result';
import { ingestFrame } from '../../stores/mqttLog';
import { useMqttSessionsStore } from '../../stores/mqttSessions';

/**
 * Connects the MQTT console to the backend once: message frames go straight into the log store (outside
 * React), statuses, profiles and broker state into the sessions store; then loads the current state.
 */
export const useMqttBackend = (): ApiError | null => {
  const api = useApi();
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    const store = useMqttSessionsStore.getState();
    const offs = [
      api.on('mqtt.messages', ingestFrame),
      api.on('mqtt.status', (status) => useMqttSessionsStore.getState().setStatus(status)),
      api.on('broker.status', (status) => useMqttSessionsStore.getState().setBroker(status)),
      api.on('mqtt.profiles', ({ profiles }) => useMqttSessionsStore.getState().setProfiles(profiles)),
    ];
    let cancelled = false;
    void (async () => {
      const [profiles, sessions, broker] = await Promise.all([
        api.profilesList({}),
        api.mqttSessions({}),
        api.brokerStatus({}),
      ]);
      if (cancelled) return;
      if (sessions.ok) for (const s of sessions.value) store.setStatus(s);
      if (broker.ok) store.setBroker(broker.value);
      if (profiles.ok) store.setProfiles(profiles.value);
      const failed = [profiles, sessions, broker].find((r) => !r.ok);
      setError(failed && !failed.ok ? failed.error : null);
    })();
    return () => {
      cancelled = true;
      for (const off of offs) off();
    };
  }, [api]);

  return error;
};
