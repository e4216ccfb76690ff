import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../../shared/result';
import { useApi } from '../../api/context';
import { ErrorBanner } from '../../components/ErrorBanner';
import { logActions, useMqttLogStore } from '../../stores/mqttLog';
import { useMqttHandoffStore } from '../../stores/mqttHandoff';
import { isLive, sessionOfProfile, useMqttSessionsStore } from '../../stores/mqttSessions';
import { ConnectionList } from './ConnectionList';
import { DetailDrawer } from './DetailDrawer';
import { MessageLog } from './MessageLog';
import { ProfileForm } from './ProfileForm';
import { PublishPanel } from './PublishPanel';
import { SessionStatusLine } from './SessionStatusLine';
import { SubscriptionsStrip } from './SubscriptionsStrip';
import { useMqttBackend } from './useMqttBackend';
import './mqtt.css';

/** The MQTT console: connections on the left; subscriptions, message log and publish in the middle; details right. */
export const MqttWorkspace = () => {
  const { t } = useTranslation('mqtt');
  const api = useApi();
  const loadError = useMqttBackend();
  const profiles = useMqttSessionsStore((s) => s.profiles);
  const sessions = useMqttSessionsStore((s) => s.sessions);
  const selectedId = useMqttSessionsStore((s) => s.selectedProfileId);
  const editing = useMqttSessionsStore((s) => s.editing);
  const selectedRecord = useMqttLogStore((s) => s.selected);
  const handoff = useMqttHandoffStore((s) => s.request);
  const [drawerOpen, setDrawerOpen] = useState(true);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const profile = profiles.find((p) => p.id === selectedId);
  const session = sessionOfProfile(sessions, selectedId);
  const live = isLive(session);
  const store = useMqttSessionsStore.getState;

  const subscriptions = profile?.subscriptions;
  useEffect(() => {
    const subs = subscriptions ?? [];
    logActions.setFilter({
      muted: subs.filter((s) => s.muted).map((s) => s.topic),
      subscriptions: subs.map((s) => s.topic),
    });
  }, [subscriptions]);

  useEffect(() => {
    if (selectedRecord) setDrawerOpen(true);
  }, [selectedRecord]);

  const connect = async (profileId: string) => {
    setBusy(true);
    setError(null);
    const result = await api.mqttConnect({ profileId });
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
    if (!handoff || !profiles.some((p) => p.id === handoff.profileId)) return;
    useMqttHandoffStore.getState().clear();
    store().select(handoff.profileId);
    if (handoff.connect) void connect(handoff.profileId);
    // connect is recreated every render; the hand-off only depends on the request and the loaded profiles.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [handoff, profiles]);

  const editingProfile = editing && editing !== 'new' ? profiles.find((p) => p.id === editing) : undefined;

  return (
    <div className="workspace mqtt-workspace" data-testid="mqtt-workspace">
      <ConnectionList />
      <section className="mqtt-main">
        {loadError ? <ErrorBanner error={loadError} /> : null}
        {profile ? (
          <>
            <header className="mqtt-main-header">
              <div className="mqtt-title">
                <strong data-testid="connection-title">{profile.name}</strong>
                <span className="mono muted small">
                  {profile.connection.transport}://{profile.connection.host}:{profile.connection.port}
                  {session?.clientId
                    ? ` · ${session.clientId}`
                    : profile.connection.clientId
                      ? ` · ${profile.connection.clientId}`
                      : ''}
                </span>
              </div>
              <SessionStatusLine status={session?.state === 'closed' ? undefined : session} />
              <span className="spacer" />
              <button type="button" className="btn btn-small" onClick={() => store().edit(profile.id)}>
                {t('profiles.edit')}
              </button>
              {live ? (
                <button
                  type="button"
                  className="btn btn-small btn-danger"
                  onClick={() => void disconnect()}
                  disabled={busy}
                  data-testid="mqtt-disconnect"
                >
                  {t('actions.disconnect')}
                </button>
              ) : (
                <button
                  type="button"
                  className="btn btn-small btn-primary"
                  onClick={() => void connect(profile.id)}
                  disabled={busy}
                  data-testid="mqtt-connect"
                >
                  {busy ? t('status.connecting') : t('actions.connect')}
                </button>
              )}
              <button
                type="button"
                className={`btn btn-small${drawerOpen ? ' active' : ''}`}
                onClick={() => setDrawerOpen(!drawerOpen)}
                data-testid="drawer-toggle"
              >
                ☰ {t('drawer.toggle')}
              </button>
            </header>
            {error ? <ErrorBanner error={error} onDismiss={() => setError(null)} /> : null}
            {session?.state === 'refused' && session.refusal ? (
              <div className="mqtt-warning" data-testid="refusal">
                <strong>{t('status.refused', { reason: session.refusal.reason, code: session.refusal.code })}</strong> —{' '}
                {session.refusal.hint}
              </div>
            ) : null}
            <SubscriptionsStrip profile={profile} session={session} />
            <MessageLog subscriptions={profile.subscriptions} />
            <PublishPanel key={profile.id} profile={profile} session={session} />
          </>
        ) : (
          <div className="mqtt-welcome">
            <h3>{t('welcome.title')}</h3>
            <p className="muted">{t('welcome.body')}</p>
          </div>
        )}
      </section>
      {profile && drawerOpen ? <DetailDrawer onClose={() => setDrawerOpen(false)} /> : null}
      {editing ? (
        <ProfileForm
          key={editing}
          {...(editingProfile ? { profile: editingProfile } : {})}
          onCancel={() => store().edit(null)}
          onSaved={(saved) => {
            store().upsertProfile(saved);
            store().select(saved.id);
            store().edit(null);
          }}
        />
      ) : null}
    </div>
  );
};
