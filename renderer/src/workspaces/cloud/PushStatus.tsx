import { useTranslation } from 'react-i18next';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useUiStore } from '../../stores/ui';
import type { usePush } from './usePush';

/** What happened to the pushed main.py: no module, pushed, restarted, running. */
export const PushStatus = ({ push }: { push: ReturnType<typeof usePush> }) => {
  const { t } = useTranslation('cloud');
  const s = push.state;
  return (
    <>
      {push.error ? <ErrorBanner error={push.error} onDismiss={push.clearError} /> : null}
      {s.kind === 'no-device' ? (
        <div className="action-status warn" data-testid="push-no-device">
          {t('push.noDevice')}
          <button type="button" className="link-button" onClick={() => useUiStore.getState().setWorkspace('device')}>
            {t('push.goToDevice')}
          </button>
        </div>
      ) : null}
      {s.kind === 'pushed' || s.kind === 'restarting' || s.kind === 'restarted' || s.kind === 'running' ? (
        <div className="action-status ok" data-testid="push-status">
          <span>{t('push.pushed', { bytes: s.bytes, remote: '/usr/main.py', port: s.port })}</span>
          <button
            type="button"
            className="btn btn-small"
            data-testid="soft-reset"
            disabled={s.kind === 'restarting'}
            onClick={() => void push.restart(s.port, s.bytes)}
          >
            {t('push.restart')}
          </button>
          <button
            type="button"
            className="btn btn-small"
            data-testid="run-now"
            disabled={s.kind === 'restarting' || s.kind === 'running'}
            onClick={() => void push.run(s.port, s.bytes)}
          >
            {t('push.runNow')}
          </button>
          {s.kind === 'restarted' ? (
            <span data-testid="restarted">{s.mainRunning ? t('push.restarted') : t('push.restartedIdle')}</span>
          ) : null}
        </div>
      ) : null}
    </>
  );
};
