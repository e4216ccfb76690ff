import { useTranslation } from 'react-i18next';
import type { TlsFileField } from '../../../../shared/api/mqtt';
import type { ApiError } from '../../../../shared/result';
import { useApi } from '../../api/context';
import { pickLocal } from '../../components/LocalPicker';
import type { TlsFileDraft } from './logic/profile-draft';

const EXTENSIONS: Record<TlsFileField, string[]> = {
  ca: ['pem', 'crt', 'cer', 'der'],
  cert: ['pem', 'crt', 'cer', 'der'],
  key: ['key', 'pem', 'der'],
};

interface TlsFileChooserProps {
  field: TlsFileField;
  file: TlsFileDraft | null;
  /** What is used when no file is chosen (e.g. "System certificates"). */
  emptyText: string;
  onChange(file: TlsFileDraft | null): void;
  onError(error: ApiError): void;
}

/** One TLS file of a profile, chosen with the same picker as the file panes: never a typed path. */
export const TlsFileChooser = ({ field, file, emptyText, onChange, onError }: TlsFileChooserProps) => {
  const { t } = useTranslation('mqtt');
  const api = useApi();
  const choose = async () => {
    const outcome = await pickLocal(api, {
      kind: 'file',
      purpose: t(`form.pickTitle.${field}`),
      extensions: EXTENSIONS[field],
    });
    if ('error' in outcome) onError(outcome.error);
    else if ('grant' in outcome) onChange({ name: outcome.grant.name, grant: outcome.grant.id });
  };
  const shown = !file ? emptyText : file.grant ? t('form.pickedFile', { name: file.name }) : file.name;
  return (
    <div className="mqtt-input-with-button">
      <span className={`mqtt-file-name${file ? ' mono' : ' muted'}`} data-testid={`form-${field}-name`}>
        {shown}
      </span>
      <button
        type="button"
        className="btn btn-small"
        onClick={() => void choose()}
        data-testid={`form-${field}-choose`}
      >
        {t('form.chooseFile')}
      </button>
      {file ? (
        <button
          type="button"
          className="btn btn-small"
          onClick={() => onChange(null)}
          data-testid={`form-${field}-remove`}
        >
          {t('form.removeFile')}
        </button>
      ) : null}
    </div>
  );
};
