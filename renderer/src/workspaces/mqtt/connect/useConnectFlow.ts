import { useEffect, useState } from 'react';
import type { ClientIdConflict, ProfileView, SessionStatus } from '../../../../../shared/api/mqtt';
import type { ApiError } from '../../../../../shared/result';
import { useApi } from '../../../api/context';
import { useMqttHandoffStore } from '../../../stores/mqttHandoff';
import { useMqttSessionsStore } from '../../../stores/mqttSessions';

/** A question the console asks before it connects. */
export type ConnectQuestion =
  /** Arrived from "Open in MQTT console" while the cloud emulator runs: watch as the cloud, or be the device? */
  | { kind: 'choice' }
  /** Someone else holds this client id: connecting kicks one of the two off, again and again. */
  | { kind: 'duplicate'; clientId: string; conflicts: ClientIdConflict[] };

/**
 * Connecting a profile: as an MQTT client (after checking that its client id is not in use), or as an observer
 * of the emulated cloud; plus the hand-off from the Cloud workspace, which asks which of the two when the
 * emulator runs.
 */
export const useConnectFlow = (profile: ProfileView | undefined, session: SessionStatus | undefined) => {
  const api = useApi();
  const profiles = useMqttSessionsStore((s) => s.profiles);
  const emulator = useMqttSessionsStore((s) => s.broker?.emulator);
  const handoff = useMqttHandoffStore((s) => s.request);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [question, setQuestion] = useState<ConnectQuestion | null>(null);
  const store = useMqttSessionsStore.getState;

  const connectNow = async (profileId: string) => {
    setBusy(true);
    setError(null);
    setQuestion(null);
    const result = await api.mqttConnect({ profileId });
    setBusy(false);
    if (result.ok) store().setStatus(result.value);
    else setError(result.error);
  };

  /** Connects as the profile's client id, unless another client or session holds it (then asks first). */
  const connect = async (target: ProfileView | undefined = profile) => {
    if (!target) return;
    const clientId = target.connection.clientId;
    if (clientId) {
      setBusy(true);
      const check = await api.mqttClientIdCheck({
        host: target.connection.host,
        port: target.connection.port,
        clientId,
        profileId: target.id,
      });
      setBusy(false);
      if (check.ok && check.value.conflicts.length > 0) {
        setQuestion({ kind: 'duplicate', clientId, conflicts: check.value.conflicts });
        return;
      }
    }
    await connectNow(target.id);
  };

  /** Watches the emulated cloud as its application side. */
  const observe = async (target: ProfileView | undefined = profile) => {
    setBusy(true);
    setError(null);
    setQuestion(null);
    const result = await api.mqttObserve(target ? { profileId: target.id } : {});
    setBusy(false);
    if (result.ok) store().setStatus(result.value);
    else setError(result.error);
  };

  const disconnect = async () => {
    if (!session) return;
    setBusy(true);
    const result = await api.mqttDisconnect({ sessionId: session.sessionId });
    setBusy(false);
    if (!result.ok) setError(result.error);
  };

  useEffect(() => {
    const target = handoff ? profiles.find((p) => p.id === handoff.profileId) : undefined;
    if (!handoff || !target) return;
    useMqttHandoffStore.getState().clear();
    store().select(target.id);
    if (emulator) setQuestion({ kind: 'choice' });
    else if (handoff.connect) void connect(target);
    // connect is recreated every render; the hand-off only depends on the request and the loaded profiles.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [handoff, profiles]);

  return {
    busy,
    error,
    clearError: () => setError(null),
    question,
    dismissQuestion: () => setQuestion(null),
    emulator,
    connect,
    connectAnyway: () => (profile ? connectNow(profile.id) : Promise.resolve()),
    observe,
    disconnect,
  };
};
