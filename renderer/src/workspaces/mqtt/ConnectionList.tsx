import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProfileView } from '../../../../shared/api/mqtt';
import type { ApiError } from '../../../../shared/result';
import { useApi } from '../../api/context';
import { i18next } from '../../i18n';
import { askChoice, askConfirm } from '../../components/AppDialog';
import { ErrorBanner } from '../../components/ErrorBanner';
import { isLive, sessionOfProfile, useMqttSessionsStore } from '../../stores/mqttSessions';
import { downloadText, fileStamp, readFileText } from './logic/download';
import { BrokerLanToggle } from './BrokerLanToggle';
import { Glyph } from './Glyph';
import { SessionStatusLine } from './SessionStatusLine';

/** The embedded broker's profile, named in the UI's language when it is made. */
const localBrokerName = (port: number) => i18next.t('broker.profileName', { ns: 'mqtt', port });

/** Whether a saved profile is the one "use the local broker" made (in either language). */
const isLocalBrokerProfile = (p: ProfileView, port: number) =>
  p.connection.host === '127.0.0.1' &&
  p.connection.port === port &&
  ['en', 'zh'].some((lng) => p.name.startsWith(i18next.t('broker.title', { ns: 'mqtt', lng })));

/** Left column: the embedded broker as a one-click profile, then every saved connection with its state. */
export const ConnectionList = () => {
  const { t } = useTranslation('mqtt');
  const api = useApi();
  const profiles = useMqttSessionsStore((s) => s.profiles);
  const sessions = useMqttSessionsStore((s) => s.sessions);
  const broker = useMqttSessionsStore((s) => s.broker);
  const selected = useMqttSessionsStore((s) => s.selectedProfileId);
  const [error, setError] = useState<ApiError | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const store = useMqttSessionsStore.getState;

  const openLocalBroker = async () => {
    const port = broker?.port;
    if (!port) return;
    const existing = profiles.find((p) => isLocalBrokerProfile(p, port));
    if (existing) {
      store().select(existing.id);
      return;
    }
    const saved = await api.profileSave({
      name: localBrokerName(port),
      connection: { host: '127.0.0.1', port, transport: 'mqtt', version: '3.1.1' },
      subscriptions: [],
      notes: t('broker.profileNotes'),
    });
    if (!saved.ok) return setError(saved.error);
    store().upsertProfile(saved.value);
    store().select(saved.value.id);
  };

  const importProfiles = async (file: File) => {
    const result = await api.profilesImport({ json: await readFileText(file) });
    if (!result.ok) return setError(result.error);
    for (const p of result.value) store().upsertProfile(p);
    if (result.value[0]) store().select(result.value[0].id);
  };

  const exportProfiles = async (ids?: string[]) => {
    const answer = await askChoice(t('profiles.exportTitle'), t('profiles.exportSecretsConfirm'), [
      { value: 'without', label: t('profiles.exportWithout') },
      { value: 'with', label: t('profiles.exportWith'), danger: true },
    ]);
    if (!answer) return;
    const includeSecrets = answer === 'with';
    const result = await api.profilesExport({ ...(ids ? { ids } : {}), includeSecrets });
    if (!result.ok) return setError(result.error);
    downloadText(`qpy-mqtt-profiles_${fileStamp()}.json`, result.value.json, 'application/json');
  };

  const duplicate = async (p: ProfileView) => {
    const result = await api.profileDuplicate({ id: p.id, name: t('profiles.copyName', { name: p.name }) });
    if (!result.ok) return setError(result.error);
    store().upsertProfile(result.value);
    store().select(result.value.id);
  };

  const remove = async (p: ProfileView) => {
    const agreed = await askConfirm(t('profiles.deleteTitle'), t('profiles.deleteConfirm', { name: p.name }), {
      confirmLabel: t('profiles.delete'),
      danger: true,
    });
    if (!agreed) return;
    const session = sessionOfProfile(sessions, p.id);
    if (isLive(session)) await api.mqttDisconnect({ sessionId: session.sessionId });
    const result = await api.profileDelete({ id: p.id });
    if (!result.ok) return setError(result.error);
    store().removeProfile(p.id);
  };

  return (
    <aside className="pane mqtt-connections" data-testid="mqtt-connections">
      <div className="section-header">
        <h2>{t('profiles.title')}</h2>
        <div className="mqtt-row-actions">
          <button
            type="button"
            className="btn btn-primary btn-small"
            onClick={() => store().edit('new')}
            data-testid="profile-new"
          >
            + {t('profiles.new')}
          </button>
        </div>
      </div>
      <div
        className="mqtt-broker-card"
        data-testid="broker-card"
        data-port={broker?.port ?? ''}
        data-state={broker?.state ?? 'unknown'}
      >
        <div className="mqtt-broker-title">
          <span
            className={`dot dot-${broker?.state === 'running' ? 'connected' : broker?.state === 'error' ? 'error' : 'disconnected'}`}
            aria-hidden
          />
          <strong>{t('broker.title')}</strong>
          <span className="muted small">{broker ? t(`broker.state.${broker.state}`) : '…'}</span>
        </div>
        {broker?.state === 'running' && broker.port ? (
          <>
            <div className="mono small">
              127.0.0.1:{broker.port}
              {broker.requestedPort && broker.requestedPort !== broker.port ? (
                <span className="muted">
                  {' '}
                  · {t('broker.portMoved', { requested: broker.requestedPort, port: broker.port })}
                </span>
              ) : null}
            </div>
            <div className="muted small">{t('broker.clients', { n: broker.clients })}</div>
            <button
              type="button"
              className="btn btn-small"
              onClick={() => void openLocalBroker()}
              data-testid="broker-use"
            >
              {t('broker.use', { port: broker.port })}
            </button>
          </>
        ) : broker?.state === 'error' ? (
          <div className="small mqtt-text-danger">{broker.error}</div>
        ) : null}
        {broker && broker.state !== 'running' ? (
          <button
            type="button"
            className="btn btn-small"
            onClick={async () => {
              const r = await api.brokerStart({});
              if (r.ok) store().setBroker(r.value);
              else setError(r.error);
            }}
          >
            {t('broker.start')}
          </button>
        ) : null}
        <BrokerLanToggle />
      </div>
      {error ? <ErrorBanner error={error} onDismiss={() => setError(null)} /> : null}
      <ul className="mqtt-profile-list" data-testid="profile-list">
        {profiles.length === 0 ? <li className="muted small">{t('profiles.empty')}</li> : null}
        {profiles.map((p) => {
          const session = sessionOfProfile(sessions, p.id);
          return (
            <li key={p.id}>
              <div
                role="button"
                tabIndex={0}
                className={`mqtt-profile-item${p.id === selected ? ' selected' : ''}`}
                onClick={() => store().select(p.id)}
                onKeyDown={(e) => (e.key === 'Enter' ? store().select(p.id) : undefined)}
                data-testid="profile-item"
                data-name={p.name}
              >
                <span
                  className={`dot dot-${session && session.state !== 'closed' ? session.state : 'disconnected'}`}
                  aria-hidden
                />
                <span className="mqtt-profile-name" translate="no">
                  {p.name}
                </span>
                {p.secrets.unreadable?.length ? (
                  <span className="mqtt-profile-warning" data-testid="profile-secret-unreadable">
                    {t('profiles.secretUnreadable')}
                  </span>
                ) : null}
                <span className="mqtt-profile-host mono">
                  {p.connection.transport}://{p.connection.host}:{p.connection.port} · v{p.connection.version}
                </span>
                <span className="mqtt-profile-menu" onClick={(e) => e.stopPropagation()}>
                  <button
                    type="button"
                    className="icon-button"
                    title={t('profiles.edit')}
                    onClick={() => store().edit(p.id)}
                    data-testid="profile-edit"
                  >
                    ✎
                  </button>
                  <button
                    type="button"
                    className="icon-button"
                    title={t('profiles.duplicate')}
                    onClick={() => void duplicate(p)}
                    data-testid="profile-duplicate"
                  >
                    <Glyph name="duplicate" />
                  </button>
                  <button
                    type="button"
                    className="icon-button"
                    title={t('profiles.export')}
                    onClick={() => void exportProfiles([p.id])}
                  >
                    ⇩
                  </button>
                  <button
                    type="button"
                    className="icon-button mqtt-danger-hover"
                    title={t('profiles.delete')}
                    onClick={() => void remove(p)}
                    data-testid="profile-delete"
                  >
                    ✕
                  </button>
                </span>
                {session && session.state !== 'closed' ? (
                  <span className="mqtt-profile-status">
                    <SessionStatusLine status={session} compact />
                  </span>
                ) : null}
              </div>
            </li>
          );
        })}
      </ul>
      <div className="mqtt-list-footer">
        <button
          type="button"
          className="btn btn-small"
          onClick={() => fileInput.current?.click()}
          data-testid="profiles-import"
        >
          {t('profiles.import')}
        </button>
        <button
          type="button"
          className="btn btn-small"
          disabled={profiles.length === 0}
          onClick={() => void exportProfiles()}
          data-testid="profiles-export"
        >
          {t('profiles.exportAll')}
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".json,application/json"
          hidden
          data-testid="profiles-import-file"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void importProfiles(file);
          }}
        />
      </div>
    </aside>
  );
};
