import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useConnectionStore } from '../stores/connection';

import type { AppNotice } from '../../../shared/api/app';

// One constant, so the selector returns the same value while there is no app info (a new [] each time loops).
const NO_NOTICES: AppNotice[] = [];

/** What the backend had to do at start that the user must know (a new secret key, profiles from their backup). */
export const StartupNotices = () => {
  const { t } = useTranslation();
  const notices = useConnectionStore((s) => s.info?.notices ?? NO_NOTICES);
  const [dismissed, setDismissed] = useState<number[]>([]);
  const shown = notices.map((notice, index) => ({ notice, index })).filter(({ index }) => !dismissed.includes(index));
  if (shown.length === 0) return null;
  return (
    <div className="startup-notices">
      {shown.map(({ notice, index }) => (
        <div key={index} className="error-banner" role="alert" data-testid="startup-notice" data-kind={notice.kind}>
          <div>
            <strong>{t(`startupNotice.${notice.kind}`)}</strong>
            <details className="error-details small muted">
              <summary>{t('errors.details')}</summary>
              <span lang="en">{notice.message}</span>
            </details>
          </div>
          <button type="button" className="link-button" onClick={() => setDismissed((d) => [...d, index])}>
            {t('actions.close')}
          </button>
        </div>
      ))}
    </div>
  );
};
