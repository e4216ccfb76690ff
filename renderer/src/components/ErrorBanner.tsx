import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../shared/result';
import { errorText } from './error-text';

/**
 * A backend error as the user should see it: in the UI's language (the backend's English message stays under
 * "Details"), with its code.
 */
export const ErrorBanner = ({
  error,
  onDismiss,
  text: line,
}: {
  error: ApiError;
  onDismiss?: () => void;
  /** The line to show instead of the code's text, from a caller that knows more (built from the error's detail). */
  text?: string;
}) => {
  const { t, i18n } = useTranslation();
  const byCode = errorText(error, i18n.language);
  const text = line ?? byCode.text;
  const translated = text !== error.message;
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
