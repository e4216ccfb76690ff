import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../shared/result';

/** A backend error as the user should see it: the message (which says what to fix) and its code. */
export const ErrorBanner = ({ error, onDismiss }: { error: ApiError; onDismiss?: () => void }) => {
  const { t } = useTranslation();
  return (
    <div className="error-banner" role="alert" data-code={error.code}>
      <div>
        <strong>{error.message}</strong>
        <span className="muted small">
          {' '}
          {t('errors.code')}: {error.code}
        </span>
      </div>
      {onDismiss ? (
        <button type="button" className="link-button" onClick={onDismiss}>
          {t('actions.close')}
        </button>
      ) : null}
    </div>
  );
};
