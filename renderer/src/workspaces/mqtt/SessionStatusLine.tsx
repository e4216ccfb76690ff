import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionStatus } from '../../../../shared/api/mqtt';
import { refusalText, sessionErrorText } from './logic/session-text';

/** Seconds until `at`, re-rendered every second while in the future. */
const useCountdown = (at: number | undefined): number => {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (at === undefined) return;
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [at]);
  return at === undefined ? 0 : Math.max(0, Math.ceil((at - now) / 1000));
};

/** The honest state of a session: connecting, connected, reconnecting in N s, refused (code + why), error. */
export const SessionStatusLine = ({
  status,
  compact = false,
}: {
  status: SessionStatus | undefined;
  compact?: boolean;
}) => {
  const { t } = useTranslation('mqtt');
  const seconds = useCountdown(status?.state === 'reconnecting' ? status.nextAttemptAt : undefined);
  if (!status) {
    return (
      <span className="mqtt-status" data-testid="mqtt-session-state" data-state="disconnected">
        <span className="dot dot-disconnected" aria-hidden /> {t('status.disconnected')}
      </span>
    );
  }
  const refusal = status.refusal ? refusalText(status.refusal, status.version, t) : undefined;
  const errorMessage = status.error ? sessionErrorText(status.error.message, t) : undefined;
  let text: string;
  switch (status.state) {
    case 'reconnecting':
      text = t('status.reconnecting', { seconds, attempt: status.attempt });
      break;
    case 'refused':
      text = refusal
        ? t('status.refused', { reason: refusal.reason, code: status.refusal?.code })
        : t('status.refusedNoCode');
      break;
    case 'error':
      text = t('status.error', { message: errorMessage ?? '' });
      break;
    case 'connected':
      text = status.mode === 'observer' ? t('observer.watching') : t('status.connected');
      break;
    default:
      text = t(`status.${status.state}`);
  }
  const detail =
    status.state === 'refused'
      ? refusal?.cause
        ? `${t('status.refusalCause')} ${refusal.cause}`
        : refusal?.hint
      : status.state === 'reconnecting'
        ? errorMessage
        : undefined;
  return (
    <span
      className="mqtt-status"
      data-testid={compact ? 'profile-session-state' : 'mqtt-session-state'}
      data-state={status.state}
      title={detail}
    >
      <span className={`dot dot-${status.state === 'closed' ? 'disconnected' : status.state}`} aria-hidden /> {text}
      {!compact && detail ? <span className="mqtt-status-detail muted"> — {detail}</span> : null}
      {!compact && status.insecureTls ? (
        <span className="badge mqtt-badge-warn" title={t('status.insecureTlsHint')}>
          {t('status.insecureTls')}
        </span>
      ) : null}
    </span>
  );
};
