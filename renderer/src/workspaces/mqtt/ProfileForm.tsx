import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProfileView, QoS, TlsFileField } from '../../../../shared/api/mqtt';
import type { ApiError } from '../../../../shared/result';
import { useApi } from '../../api/context';
import { ErrorBanner } from '../../components/ErrorBanner';
import { TlsFileChooser } from './TlsFileChooser';
import {
  DEFAULT_PORTS,
  draftFromProfile,
  draftToSave,
  generateClientId,
  isTlsTransport,
  newDraft,
  validateDraft,
  type DraftErrors,
  type ProfileDraft,
  type Transport,
} from './logic/profile-draft';

interface ProfileFormProps {
  profile?: ProfileView;
  onSaved(profile: ProfileView): void;
  onCancel(): void;
}

/** Create or edit a connection profile: every option MQTT.fx/MQTTX offer, secrets masked until revealed. */
export const ProfileForm = ({ profile, onSaved, onCancel }: ProfileFormProps) => {
  const { t } = useTranslation('mqtt');
  const api = useApi();
  const [draft, setDraft] = useState<ProfileDraft>(() => (profile ? draftFromProfile(profile) : newDraft()));
  const [errors, setErrors] = useState<DraftErrors>({});
  const [apiError, setApiError] = useState<ApiError | null>(null);
  const [showPassword, setShowPassword] = useState(false);
  const [saving, setSaving] = useState(false);

  const set = <K extends keyof ProfileDraft>(key: K, value: ProfileDraft[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));

  const setTransport = (transport: Transport) =>
    setDraft((d) => ({
      ...d,
      transport,
      // Follow the protocol's usual port unless the user typed their own.
      port: Object.values(DEFAULT_PORTS).map(String).includes(d.port) ? String(DEFAULT_PORTS[transport]) : d.port,
    }));

  const reveal = async () => {
    if (showPassword) return setShowPassword(false);
    if (profile && draft.password.saved && !draft.password.touched) {
      const result = await api.profileRevealSecret({ id: profile.id, field: 'password' });
      if (!result.ok) return setApiError(result.error);
      setDraft((d) => ({ ...d, password: { ...d.password, value: result.value.value ?? '' } }));
    }
    setShowPassword(true);
  };

  const save = async () => {
    const found = validateDraft(draft);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setSaving(true);
    const result = await api.profileSave(draftToSave(draft));
    setSaving(false);
    if (!result.ok) return setApiError(result.error);
    onSaved(result.value);
  };

  const field = (key: keyof ProfileDraft, label: string, input: ReactNode, hint?: string) => (
    <label className={`mqtt-field${errors[key] ? ' invalid' : ''}`}>
      <span className="mqtt-field-label">{label}</span>
      {input}
      {errors[key] ? (
        <span className="mqtt-field-error" data-testid={`form-error-${key}`}>
          {t(`form.errors.${errors[key].key}`, errors[key].params)}
        </span>
      ) : hint ? (
        <span className="mqtt-field-hint muted">{hint}</span>
      ) : null}
    </label>
  );

  const text = (key: keyof ProfileDraft, extra: Record<string, string> = {}) => (
    <input
      type="text"
      value={String(draft[key])}
      onChange={(e) => set(key, e.target.value as never)}
      data-testid={`form-${key}`}
      spellCheck={false}
      {...extra}
    />
  );

  const tlsFile = (key: TlsFileField, label: string, emptyText: string, hint?: string) =>
    field(
      key,
      label,
      <TlsFileChooser
        field={key}
        file={draft[key]}
        emptyText={emptyText}
        // A picked CA replaces the bundled one; removing the CA means the system certificates.
        onChange={(file) => setDraft((d) => ({ ...d, [key]: file, ...(key === 'ca' ? { caBundled: '' } : {}) }))}
        onError={setApiError}
      />,
      hint,
    );

  const tls = isTlsTransport(draft.transport);
  const passwordUnreadable = !!profile?.secrets.unreadable?.includes('password') && !draft.password.touched;
  const passwordPlaceholder =
    draft.password.saved && !draft.password.touched && !showPassword ? t('form.passwordSaved') : '';

  return (
    <div
      className="mqtt-modal-backdrop"
      role="presentation"
      onMouseDown={(e) => e.target === e.currentTarget && onCancel()}
    >
      <form
        className="mqtt-modal mqtt-profile-form"
        role="dialog"
        aria-label={profile ? t('form.editTitle') : t('form.newTitle')}
        data-testid="profile-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
        onKeyDown={(e) => (e.key === 'Escape' ? onCancel() : undefined)}
      >
        <header className="mqtt-modal-header">
          <h3>{profile ? t('form.editTitle') : t('form.newTitle')}</h3>
        </header>
        <div className="mqtt-modal-body">
          {apiError ? <ErrorBanner error={apiError} onDismiss={() => setApiError(null)} /> : null}
          <fieldset className="mqtt-fieldset">
            <legend>{t('form.general')}</legend>
            <div className="mqtt-grid">
              {field('name', t('form.name'), text('name', { placeholder: t('form.namePlaceholder') }))}
              {field(
                'transport',
                t('form.protocol'),
                <select
                  value={draft.transport}
                  onChange={(e) => setTransport(e.target.value as Transport)}
                  data-testid="form-transport"
                >
                  {(['mqtt', 'mqtts', 'ws', 'wss'] as const).map((p) => (
                    <option key={p} value={p}>
                      {p}://
                    </option>
                  ))}
                </select>,
              )}
              {field('host', t('form.host'), text('host', { placeholder: 'broker.example.com' }))}
              {field('port', t('form.port'), text('port', { inputMode: 'numeric' }))}
              {draft.transport === 'ws' || draft.transport === 'wss'
                ? field('path', t('form.path'), text('path'))
                : null}
              {field(
                'version',
                t('form.version'),
                <select
                  value={draft.version}
                  onChange={(e) => set('version', e.target.value as '3.1.1' | '5')}
                  data-testid="form-version"
                >
                  <option value="3.1.1">MQTT 3.1.1</option>
                  <option value="5">MQTT 5.0</option>
                </select>,
              )}
              {field(
                'clientId',
                t('form.clientId'),
                <div className="mqtt-input-with-button">
                  {text('clientId', { placeholder: t('form.clientIdPlaceholder') })}
                  <button
                    type="button"
                    className="btn btn-small"
                    onClick={() => set('clientId', generateClientId())}
                    data-testid="form-generate-client-id"
                  >
                    {t('form.generate')}
                  </button>
                </div>,
              )}
              {field('username', t('form.username'), text('username', { autoComplete: 'off' }))}
              {field(
                'password',
                t('form.password'),
                <div className="mqtt-input-with-button">
                  <input
                    type={showPassword ? 'text' : 'password'}
                    value={draft.password.value}
                    placeholder={passwordPlaceholder}
                    autoComplete="new-password"
                    onChange={(e) => set('password', { ...draft.password, value: e.target.value, touched: true })}
                    data-testid="form-password"
                  />
                  <button
                    type="button"
                    className="btn btn-small"
                    onClick={() => void reveal()}
                    data-testid="form-reveal-password"
                  >
                    {showPassword ? t('form.hide') : t('form.show')}
                  </button>
                </div>,
                passwordUnreadable ? t('form.secretUnreadable') : undefined,
              )}
            </div>
          </fieldset>
          <fieldset className="mqtt-fieldset">
            <legend>{t('form.session')}</legend>
            <div className="mqtt-grid">
              {field('keepaliveSec', t('form.keepalive'), text('keepaliveSec', { inputMode: 'numeric' }))}
              {draft.version === '5'
                ? field(
                    'sessionExpirySec',
                    t('form.sessionExpiry'),
                    text('sessionExpirySec', { inputMode: 'numeric', placeholder: '0' }),
                    t('form.sessionExpiryHint'),
                  )
                : null}
              <label className="mqtt-check">
                <input
                  type="checkbox"
                  checked={draft.cleanStart}
                  onChange={(e) => set('cleanStart', e.target.checked)}
                  data-testid="form-cleanStart"
                />
                {draft.version === '5' ? t('form.cleanStart') : t('form.cleanSession')}
              </label>
              <label className="mqtt-check">
                <input type="checkbox" checked={draft.reconnect} onChange={(e) => set('reconnect', e.target.checked)} />
                {t('form.reconnect')}
              </label>
            </div>
          </fieldset>
          <fieldset className="mqtt-fieldset">
            <legend>
              <label className="mqtt-check">
                <input
                  type="checkbox"
                  checked={draft.willEnabled}
                  onChange={(e) => set('willEnabled', e.target.checked)}
                  data-testid="form-willEnabled"
                />
                {t('form.will')}
              </label>
            </legend>
            {draft.willEnabled ? (
              <div className="mqtt-grid">
                {field('willTopic', t('form.willTopic'), text('willTopic', { placeholder: 'devices/1/status' }))}
                {field(
                  'willQos',
                  'QoS',
                  <select value={draft.willQos} onChange={(e) => set('willQos', Number(e.target.value) as QoS)}>
                    {[0, 1, 2].map((q) => (
                      <option key={q} value={q}>
                        {q}
                      </option>
                    ))}
                  </select>,
                )}
                {field('willPayload', t('form.willPayload'), text('willPayload', { placeholder: '{"online":false}' }))}
                <label className="mqtt-check">
                  <input
                    type="checkbox"
                    checked={draft.willRetain}
                    onChange={(e) => set('willRetain', e.target.checked)}
                  />
                  {t('retain')}
                </label>
              </div>
            ) : null}
          </fieldset>
          {tls ? (
            <fieldset className="mqtt-fieldset">
              <legend>{t('form.tls')}</legend>
              <div className="mqtt-grid">
                {tlsFile(
                  'ca',
                  t('form.caFile'),
                  draft.caBundled ? t('form.bundledCa', { name: draft.caBundled }) : t('form.systemCa'),
                  t('form.caFileHint'),
                )}
                {field('servername', t('form.servername'), text('servername'))}
                {tlsFile('cert', t('form.certFile'), t('form.noFile'))}
                {tlsFile('key', t('form.keyFile'), t('form.noFile'), t('form.keyFileHint'))}
                <label className="mqtt-check mqtt-span-2">
                  <input
                    type="checkbox"
                    checked={draft.allowInsecure}
                    onChange={(e) => set('allowInsecure', e.target.checked)}
                    data-testid="form-allowInsecure"
                  />
                  {t('form.allowInsecure')}
                </label>
              </div>
              {draft.allowInsecure ? (
                <div className="mqtt-warning" role="note" data-testid="form-insecure-warning">
                  ⚠ {t('form.allowInsecureWarning')}
                </div>
              ) : null}
            </fieldset>
          ) : null}
          <fieldset className="mqtt-fieldset">
            <legend>{t('form.notes')}</legend>
            <textarea
              rows={2}
              value={draft.notes}
              onChange={(e) => set('notes', e.target.value)}
              className="mqtt-notes"
            />
          </fieldset>
        </div>
        <footer className="mqtt-modal-footer">
          <button type="button" className="btn" onClick={onCancel}>
            {t('form.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={saving} data-testid="form-save">
            {t('form.save')}
          </button>
        </footer>
      </form>
    </div>
  );
};
