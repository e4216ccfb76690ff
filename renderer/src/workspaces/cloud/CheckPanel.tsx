import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CloudId } from '../../../../shared/cloud';
import {
  CHECKABLE_CLOUDS,
  type CheckableCloud,
  type CredentialCheckResult,
} from '../../../../shared/cloud/check/types';
import type { ApiError } from '../../../../shared/result';
import { useApi } from '../../api/context';
import { ErrorBanner } from '../../components/ErrorBanner';
import { localDate } from './ResultPanel';

const isCheckable = (cloud: CloudId): cloud is CheckableCloud =>
  (CHECKABLE_CLOUDS as readonly string[]).includes(cloud);

const TONE: Record<CredentialCheckResult['signature'], string> = {
  valid: 'ok',
  invalid: 'danger',
  unchecked: 'warn',
  undecodable: 'danger',
};

const CheckField = ({
  id,
  label,
  help,
  children,
}: {
  id: string;
  label: string;
  help?: string;
  children: ReactNode;
}) => (
  <div className="field field-wide">
    <label className="field-label" htmlFor={id}>
      <span className="field-line">
        <span className="field-primary">{label}</span>
      </span>
    </label>
    <div className="field-control">{children}</div>
    {help ? <div className="field-help">{help}</div> : null}
  </div>
);

/**
 * "Check credentials": paste a clientId, username and password (and optionally the secret, masked until shown);
 * see every decoded part, the expiry, the problems and whether the secret reproduces the password, and if not,
 * which input most likely differs.
 */
export const CheckPanel = ({ cloud }: { cloud: CloudId }) => {
  const { t, i18n } = useTranslation('cloud');
  const api = useApi();
  const zh = i18n.language.startsWith('zh');
  const [fields, setFields] = useState({ clientId: '', username: '', password: '', secret: '' });
  const [showSecret, setShowSecret] = useState(false);
  const [busy, setBusy] = useState(false);
  const [checked, setChecked] = useState<CredentialCheckResult | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  if (!isCheckable(cloud))
    return (
      <p className="muted small" data-testid="check-unavailable">
        {t('check.unavailable')}
      </p>
    );
  const set = (name: keyof typeof fields, value: string) => {
    setFields((f) => ({ ...f, [name]: value }));
    setChecked(null);
  };
  const run = async () => {
    setBusy(true);
    setError(null);
    const r = await api.cloudCheck({
      cloud,
      clientId: fields.clientId,
      username: fields.username,
      password: fields.password,
      ...(fields.secret.trim() ? { secret: fields.secret } : {}),
    });
    setBusy(false);
    if (r.ok) setChecked(r.value);
    else setError(r.error);
  };
  const text = (b: { en: string; zh: string }) => (zh ? b.zh : b.en);

  return (
    <div className="check-panel" data-testid="check-panel">
      <form
        className="field-grid"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        {(['clientId', 'username', 'password'] as const).map((name) => (
          <CheckField key={name} id={`check-${name}`} label={t(`check.${name}`)}>
            <input
              id={`check-${name}`}
              className="mono"
              data-testid={`check-${name}`}
              value={fields[name]}
              spellCheck={false}
              autoComplete="off"
              onChange={(e) => set(name, e.target.value)}
            />
          </CheckField>
        ))}
        <CheckField id="check-secret" label={t('check.secret')} help={t('check.secretHelp')}>
          <input
            id="check-secret"
            className="mono"
            data-testid="check-secret"
            type={showSecret ? 'text' : 'password'}
            value={fields.secret}
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => set('secret', e.target.value)}
          />
          <button
            type="button"
            className="btn btn-small"
            aria-pressed={showSecret}
            data-testid="check-reveal-secret"
            onClick={() => setShowSecret((s) => !s)}
          >
            {showSecret ? t('form.hide') : t('form.show')}
          </button>
        </CheckField>
        <div className="form-actions">
          <button
            type="submit"
            className="btn btn-primary"
            data-testid="check-run"
            disabled={busy || !fields.password.trim()}
          >
            {busy ? t('check.running') : t('check.run')}
          </button>
        </div>
      </form>
      {error ? <ErrorBanner error={error} onDismiss={() => setError(null)} /> : null}
      {checked ? (
        <div className="check-result" data-testid="check-result">
          <p>
            <span className={`badge badge-${TONE[checked.signature]}`} data-testid="check-verdict">
              {t(`check.verdict.${checked.signature}`)}
            </span>
            {checked.expiresAt !== undefined ? (
              <span className={`badge badge-${checked.expired ? 'danger' : 'ok'}`} data-testid="check-expiry">
                {checked.expired
                  ? t('result.expired', { date: localDate(checked.expiresAt, zh) })
                  : t('check.validUntil', { date: localDate(checked.expiresAt, zh) })}
              </span>
            ) : null}
          </p>
          {checked.diagnosis ? (
            <p className="check-diagnosis" data-testid="check-diagnosis">
              {text(checked.diagnosis.message)}
            </p>
          ) : null}
          {checked.problems.length > 0 ? (
            <ul className="check-problems" data-testid="check-problems">
              {checked.problems.map((p) => (
                <li key={p.en}>{text(p)}</li>
              ))}
            </ul>
          ) : null}
          <table className="check-parts">
            <tbody>
              {checked.parts.map((p) => (
                <tr key={p.key} data-testid={`check-part-${p.key}`}>
                  <th>{text(p.label)}</th>
                  <td className="mono">{p.value}</td>
                  <td className="muted small">{p.note ? text(p.note) : null}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
};
