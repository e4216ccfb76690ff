import { useTranslation } from 'react-i18next';
import type { ConnectQuestion } from './useConnectFlow';

/**
 * Asks before connecting: how to open a profile handed over while the emulator runs (watching as the cloud is
 * the default), or whether to connect with a client id someone else already holds.
 */
export const ConnectQuestionPanel = ({
  question,
  emulator,
  busy,
  onObserve,
  onConnect,
  onConnectAnyway,
  onCancel,
}: {
  question: ConnectQuestion;
  emulator: string | undefined;
  busy: boolean;
  onObserve(): void;
  onConnect(): void;
  onConnectAnyway(): void;
  onCancel(): void;
}) => {
  const { t } = useTranslation('mqtt');
  if (question.kind === 'choice') {
    return (
      <div className="mqtt-question" role="dialog" aria-label={t('connectAs.title')} data-testid="connect-choice">
        <strong>{t('connectAs.title')}</strong>
        <div className="mqtt-question-options">
          <button
            type="button"
            className="btn btn-primary"
            onClick={onObserve}
            disabled={busy}
            autoFocus
            data-testid="connect-choice-observe"
          >
            {t('connectAs.observe')}
          </button>
          <span className="muted small">{t('connectAs.observeHint')}</span>
          <button type="button" className="btn" onClick={onConnect} disabled={busy} data-testid="connect-choice-device">
            {t('connectAs.device')}
          </button>
          <span className="muted small">{t('connectAs.deviceHint')}</span>
        </div>
        <button type="button" className="link-button" onClick={onCancel} data-testid="connect-choice-cancel">
          {t('connectAs.cancel')}
        </button>
      </div>
    );
  }
  return (
    <div className="mqtt-question mqtt-warning" role="alertdialog" data-testid="clientid-warning">
      <strong>{t('duplicate.title', { clientId: question.clientId })}</strong>
      <ul className="mqtt-question-list">
        {question.conflicts.map((c, i) => (
          <li key={i} data-testid="clientid-conflict" data-kind={c.kind}>
            {t(`duplicate.${c.kind}`, { name: c.name })}
          </li>
        ))}
      </ul>
      <p className="small">{t('duplicate.explain')}</p>
      <div className="mqtt-question-actions">
        {emulator ? (
          <button type="button" className="btn btn-primary" onClick={onObserve} disabled={busy}>
            {t('connectAs.observe')}
          </button>
        ) : null}
        <button
          type="button"
          className="btn btn-danger"
          onClick={onConnectAnyway}
          disabled={busy}
          data-testid="clientid-connect-anyway"
        >
          {t('duplicate.connectAnyway')}
        </button>
        <button type="button" className="btn" onClick={onCancel} data-testid="clientid-cancel">
          {t('connectAs.cancel')}
        </button>
      </div>
    </div>
  );
};
