import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBanner } from '../../components/ErrorBanner';
import { logActions, useMqttLogStore } from '../../stores/mqttLog';
import { isLive, sessionOfProfile, useMqttSessionsStore } from '../../stores/mqttSessions';
import { ConnectQuestionPanel } from './connect/ConnectQuestionPanel';
import { useConnectFlow } from './connect/useConnectFlow';
import { ConnectionList } from './ConnectionList';
import { DetailDrawer } from './DetailDrawer';
import { MessageLog } from './MessageLog';
import { ProfileForm } from './ProfileForm';
import { PublishPanel } from './PublishPanel';
import { SessionStatusLine } from './SessionStatusLine';
import { SubscriptionsStrip } from './SubscriptionsStrip';
import { useMqttBackend } from './useMqttBackend';
import { observedLabel, refusalText } from './logic/session-text';
import './mqtt.css';

/** The MQTT console: connections on the left; subscriptions, message log and publish in the middle; details right. */
export const MqttWorkspace = () => {
  const { t, i18n } = useTranslation('mqtt');
  const loadError = useMqttBackend();
  const profiles = useMqttSessionsStore((s) => s.profiles);
  const sessions = useMqttSessionsStore((s) => s.sessions);
  const selectedId = useMqttSessionsStore((s) => s.selectedProfileId);
  const editing = useMqttSessionsStore((s) => s.editing);
  const selectedRecord = useMqttLogStore((s) => s.selected);
  const [drawerOpen, setDrawerOpen] = useState(true);

  const profile = profiles.find((p) => p.id === selectedId);
  const session = sessionOfProfile(sessions, selectedId);
  const refusal = session?.refusal ? refusalText(session.refusal, session.version, t) : undefined;
  const live = isLive(session);
  const observing = live && session.mode === 'observer';
  const store = useMqttSessionsStore.getState;
  const flow = useConnectFlow(profile, session);
  const { busy, error } = flow;

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
                <strong data-testid="connection-title" translate="no">
                  {profile.name}
                </strong>
                {observing ? (
                  <span className="muted small" data-testid="observer-title">
                    {t('observer.title', { label: observedLabel(session.label, i18n.language) })}
                  </span>
                ) : (
                  <span className="mono muted small">
                    {profile.connection.transport}://{profile.connection.host}:{profile.connection.port}
                    {session?.clientId
                      ? ` · ${session.clientId}`
                      : profile.connection.clientId
                        ? ` · ${profile.connection.clientId}`
                        : ''}
                  </span>
                )}
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
                  onClick={() => void flow.disconnect()}
                  disabled={busy}
                  data-testid="mqtt-disconnect"
                >
                  {observing ? t('observer.stop') : t('actions.disconnect')}
                </button>
              ) : (
                <>
                  {flow.emulator ? (
                    <button
                      type="button"
                      className="btn btn-small btn-primary"
                      onClick={() => void flow.observe()}
                      disabled={busy}
                      title={t('connectAs.observeHint')}
                      data-testid="mqtt-observe"
                    >
                      {t('connectAs.observe')}
                    </button>
                  ) : null}
                  <button
                    type="button"
                    className={`btn btn-small${flow.emulator ? '' : ' btn-primary'}`}
                    onClick={() => void flow.connect()}
                    disabled={busy}
                    data-testid="mqtt-connect"
                  >
                    {busy ? t('status.connecting') : flow.emulator ? t('connectAs.device') : t('actions.connect')}
                  </button>
                </>
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
            {error ? <ErrorBanner error={error} onDismiss={flow.clearError} /> : null}
            {flow.question ? (
              <ConnectQuestionPanel
                question={flow.question}
                emulator={flow.emulator}
                busy={busy}
                onObserve={() => void flow.observe()}
                onConnect={() => void flow.connect()}
                onConnectAnyway={() => void flow.connectAnyway()}
                onCancel={flow.dismissQuestion}
              />
            ) : null}
            {session?.state === 'refused' && session.refusal ? (
              <div className="mqtt-warning" data-testid="refusal">
                <strong>{t('status.refused', { reason: refusal?.reason, code: session.refusal.code })}</strong> —{' '}
                {refusal?.hint}
                {refusal?.cause ? (
                  <div data-testid="refusal-cause">
                    {t('status.refusalCause')} <span className="mono">{refusal.cause}</span>
                  </div>
                ) : null}
              </div>
            ) : null}
            {observing ? (
              <div className="mqtt-observer-strip small" data-testid="observer-strip">
                {t('observer.explain')}
              </div>
            ) : (
              <SubscriptionsStrip profile={profile} session={session} />
            )}
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
