import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../shared/result';
import { errorText } from './error-text';

/**
 * A backend error as the user should see it: in the UI's language (the backend's English message stays under
 * "Details"), with its code.
 */
export const ErrorBanner = ({ error, onDismiss }: { error: ApiError; onDismiss?: () => void }) => {
  const { t, i18n } = useTranslation();
  const { text, translated } = errorText(error, i18n.language);
  return (
    <div className="error-banner" role="alert" data-code={error.code}>
      <div>
        <strong>{text}</strong>
        <span className="muted small">
          {' '}
          {t('errors.code')}: {error.code}
        </span>
        {translated ? (
          <details className="error-details small muted">
            <summary>{t('errors.details')}</summary>
            <span lang="en">{error.message}</span>
          </details>
        ) : null}
      </div>
      {onDismiss ? (
        <button type="button" className="link-button" onClick={onDismiss}>
          {t('actions.close')}
        </button>
      ) : null}
    </div>
  );
};
