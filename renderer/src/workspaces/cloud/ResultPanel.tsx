import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CloudCredentials } from '../../../../shared/cloud';
import { CopyButton } from './CopyButton';

const DAY_MS = 86_400_000;

/** "expires in 3 days" / "expired on <date>: the cloud will refuse it", with the tone to show it in. */
const describeExpiry = (
  expiresAtS: number,
  nowMs: number,
): { key: 'expired' | 'expiresInDays' | 'expiresInHours'; count: number; tone: 'ok' | 'warn' | 'danger' } => {
  const left = expiresAtS * 1000 - nowMs;
  if (left <= 0) return { key: 'expired', count: Math.floor(-left / DAY_MS), tone: 'danger' };
  if (left < DAY_MS) return { key: 'expiresInHours', count: Math.max(1, Math.floor(left / 3_600_000)), tone: 'warn' };
  const days = Math.floor(left / DAY_MS);
  return { key: 'expiresInDays', count: days, tone: days < 7 ? 'warn' : 'ok' };
};

/** Unix seconds as a local date and time; the raw number when it is past what a Date holds. */
export const localDate = (seconds: number, zh: boolean): string => {
  const d = new Date(seconds * 1000);
  return Number.isNaN(d.getTime()) ? String(seconds) : d.toLocaleString(zh ? 'zh-CN' : 'en-GB');
};

/** The connection in the shape of the guides' QuecPython constants, for pasting into a script. */
const asPythonConstants = (c: CloudCredentials): string =>
  [
    `SERVER = b'${c.host}'`,
    `PORT = ${c.port}`,
    `CLIENT_ID = b'${c.clientId}'`,
    `USER = b'${c.username}'`,
    `PASSWORD = b'${c.password}'`,
  ].join('\n');

const Row = ({
  name,
  label,
  value,
  children,
}: {
  name: string;
  label: string;
  value: string;
  children?: ReactNode;
}) => (
  <div className="result-row" data-testid={`result-${name}`}>
    <dt>{label}</dt>
    <dd>
      <span className="result-value mono" translate="no" data-testid={`value-${name}`}>
        {children ?? value}
      </span>
      <CopyButton text={value} label={label} testId={`copy-${name}`} />
    </dd>
  </div>
);

/** Host, port, TLS, client id, user name, password (masked until shown) and expiry, each copyable. */
export const ResultPanel = ({ credentials, emulated }: { credentials: CloudCredentials; emulated: boolean }) => {
  const { t, i18n } = useTranslation('cloud');
  const [showPassword, setShowPassword] = useState(false);
  const zh = i18n.language.startsWith('zh');
  const c = credentials;
  const expiry = c.expiresAt === undefined ? undefined : describeExpiry(c.expiresAt, Date.now());

  return (
    <div className="result" data-testid="result">
      <dl className="result-grid">
        <Row name="host" label={t('result.host')} value={c.host} />
        <Row name="port" label={t('result.port')} value={String(c.port)} />
        <div className="result-row" data-testid="result-tls">
          <dt>{t('result.tls')}</dt>
          <dd>
            <span className={`badge ${c.tls ? 'badge-ok' : ''}`}>{c.tls ? t('result.tlsOn') : t('result.tlsOff')}</span>
            {c.tls && c.caBundled ? (
              <span className="muted small mono">{t('result.ca', { file: c.caBundled })}</span>
            ) : null}
            {emulated ? <span className="badge badge-emulated">{t('emulator.badge')}</span> : null}
          </dd>
        </div>
        <Row name="clientId" label={t('result.clientId')} value={c.clientId} />
        <Row name="username" label={t('result.username')} value={c.username} />
        <div className="result-row" data-testid="result-password">
          <dt>{t('result.password')}</dt>
          <dd>
            <span className={`result-value mono${showPassword ? '' : ' masked'}`} data-testid="value-password">
              {showPassword ? c.password : '•'.repeat(Math.min(24, Math.max(8, c.password.length)))}
            </span>
            <button
              type="button"
              className="copy-button"
              aria-pressed={showPassword}
              data-testid="reveal-password"
              onClick={() => setShowPassword((s) => !s)}
            >
              {showPassword ? t('form.hide') : t('form.show')}
            </button>
            <CopyButton text={c.password} label={t('result.password')} testId="copy-password" />
          </dd>
        </div>
        {c.expiresAt !== undefined && expiry ? (
          <div className="result-row" data-testid="result-expiry">
            <dt>{t('result.expiry')}</dt>
            <dd>
              <span className="mono">{localDate(c.expiresAt, zh)}</span>
              <span className={`badge badge-${expiry.tone}`} data-testid="expiry-badge">
                {t(`result.${expiry.key}`, { count: expiry.count, date: localDate(c.expiresAt, zh) })}
              </span>
              <CopyButton text={String(c.expiresAt)} label={t('result.expiry')} testId="copy-expiry" />
            </dd>
          </div>
        ) : null}
        <div className="result-row">
          <dt>{t('result.keepalive')}</dt>
          <dd className="small">
            {t('result.keepaliveRange', {
              min: c.keepalive.min,
              max: c.keepalive.max,
              recommended: c.keepalive.recommended,
            })}
            {c.cleanSessionRequired ? <span className="badge">{t('result.cleanSession')}</span> : null}
          </dd>
        </div>
      </dl>
      {c.notes && c.notes.length > 0 ? (
        <ul className="result-notes">
          {c.notes.map((n) => (
            <li key={n.en}>{zh ? n.zh : n.en}</li>
          ))}
        </ul>
      ) : null}
      <div className="result-footer">
        <CopyButton text={asPythonConstants(c)} label={t('result.asPython')} testId="copy-python" />
        <span className="muted small">{t('result.asPython')}</span>
      </div>
    </div>
  );
};
