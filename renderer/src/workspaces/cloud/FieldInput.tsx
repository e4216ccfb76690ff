import { useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CloudField, CloudId } from '../../../../shared/cloud';
import { fieldName, optionLabel } from './field-text';
import { isExpiryField, localInputToSeconds, nowFiller, secondsToLocalInput } from './fields';

interface FieldInputProps {
  cloud: CloudId;
  field: CloudField;
  value: string;
  problem: string | undefined;
  onChange(value: string): void;
  onBlur(): void;
}

/** The label in the UI language first, then the other one (users copy values from the Chinese console). */
const FieldLabel = ({ field, htmlFor }: { field: CloudField; htmlFor: string }) => {
  const { i18n } = useTranslation();
  const zhFirst = i18n.language.startsWith('zh');
  const primary = zhFirst ? field.labelZh : field.label;
  const secondary = zhFirst ? field.label : field.labelZh;
  return (
    <label className="field-label" htmlFor={htmlFor}>
      <span className="field-line">
        <span className="field-primary">{primary}</span>
        {field.required ? (
          <span className="field-required" aria-hidden="true">
            *
          </span>
        ) : null}
      </span>
      {secondary !== primary ? (
        <span className="field-alt" lang={zhFirst ? 'en' : 'zh'}>
          {secondary}
        </span>
      ) : null}
    </label>
  );
};

/** One form field of a cloud wizard, rendered for its kind, with its help and its problem (if any). */
export const FieldInput = ({ cloud, field, value, problem, onChange, onBlur }: FieldInputProps) => {
  const { t, i18n } = useTranslation('cloud');
  const [revealed, setRevealed] = useState(false);
  const id = `cloud-${cloud}-${field.id}`;
  const describedBy =
    [problem ? `${id}-error` : '', field.help ? `${id}-help` : ''].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    name: field.id,
    'data-testid': `field-${field.id}`,
    'aria-invalid': problem ? true : undefined,
    'aria-describedby': describedBy,
    'aria-required': field.required || undefined,
    onBlur,
  } as const;
  const onInput = (e: ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) =>
    onChange(e.target.value);
  const filler = nowFiller(cloud, field.id);
  const secretLike = field.kind === 'secret' || (field.kind === 'textarea' && /key/i.test(field.id));

  let control;
  if (field.kind === 'select') {
    control = (
      <select {...common} value={value} onChange={onInput}>
        {field.default === undefined && !field.required ? <option value="">{t('form.defaultOption')}</option> : null}
        {(field.options ?? []).map((o) => (
          <option key={o.value} value={o.value}>
            {optionLabel(cloud, field.id, o, t)}
          </option>
        ))}
      </select>
    );
  } else if (field.kind === 'textarea') {
    control = (
      <textarea
        {...common}
        className={`mono${secretLike && !revealed ? ' masked-text' : ''}`}
        rows={4}
        spellCheck={false}
        value={value}
        placeholder={field.placeholder}
        onChange={onInput}
      />
    );
  } else if (isExpiryField(cloud, field)) {
    const seconds = /^\d+$/.test(value) ? Number(value) : undefined;
    control = (
      <div className="expiry-input">
        <input
          type="datetime-local"
          step={1}
          aria-label={t('form.expiryDate')}
          data-testid={`field-${field.id}-date`}
          value={seconds === undefined ? '' : secondsToLocalInput(seconds)}
          onChange={(e) => {
            const s = localInputToSeconds(e.target.value);
            onChange(s === undefined ? '' : String(s));
          }}
          onBlur={onBlur}
        />
        <input
          {...common}
          type="text"
          inputMode="numeric"
          className="mono et-input"
          value={value}
          onChange={onInput}
          title={t('form.unixSeconds')}
        />
      </div>
    );
  } else {
    control = (
      <input
        {...common}
        type={field.kind === 'secret' && !revealed ? 'password' : 'text'}
        inputMode={field.kind === 'number' ? 'numeric' : undefined}
        className={field.kind === 'number' || field.kind === 'secret' ? 'mono' : undefined}
        autoComplete="off"
        spellCheck={false}
        value={value}
        placeholder={field.placeholder}
        onChange={onInput}
      />
    );
  }

  return (
    <div
      className={`field${field.kind === 'textarea' || isExpiryField(cloud, field) ? ' field-wide' : ''}${problem ? ' field-invalid' : ''}`}
    >
      <FieldLabel field={field} htmlFor={id} />
      <div className="field-control">
        {control}
        {secretLike ? (
          <button
            type="button"
            className="btn btn-small"
            aria-pressed={revealed}
            aria-label={`${revealed ? t('form.hide') : t('form.show')} ${fieldName(field, i18n.language)}`}
            data-testid={`reveal-${field.id}`}
            onClick={() => setRevealed((r) => !r)}
          >
            {revealed ? t('form.hide') : t('form.show')}
          </button>
        ) : null}
        {filler ? (
          <button
            type="button"
            className="btn btn-small"
            data-testid={`now-${field.id}`}
            onClick={() => onChange(filler(Date.now()))}
          >
            {t('form.now')}
          </button>
        ) : null}
        {field.kind === 'textarea' ? <PemFileButton label={fieldName(field, i18n.language)} onLoad={onChange} /> : null}
      </div>
      {problem ? (
        <FieldProblem id={`${id}-error`} field={field} value={value} problem={problem} />
      ) : field.help ? (
        <div className="field-help" id={`${id}-help`}>
          {i18n.language.startsWith('zh') ? field.help.zh : field.help.en}
        </div>
      ) : null}
    </div>
  );
};

/** Loads a PEM file (certificate or key) from disk into a textarea field; the file never leaves the page. */
const PemFileButton = ({ label, onLoad }: { label: string; onLoad(text: string): void }) => {
  const { t } = useTranslation('cloud');
  return (
    <label className="btn btn-small file-button">
      {t('form.loadFile')}
      <input
        type="file"
        accept=".pem,.crt,.key,.cer,.txt"
        aria-label={`${t('form.loadFile')} ${label}`}
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) void file.text().then(onLoad);
          e.target.value = '';
        }}
      />
    </label>
  );
};

/**
 * A field's problem. The clouds' checks say it in English (the CLI prints them); another language names the field
 * and what is wrong in its own words, with the check's English under "Details" (it quotes examples of the format).
 */
const FieldProblem = ({
  id,
  field,
  value,
  problem,
}: {
  id: string;
  field: CloudField;
  value: string;
  problem: string;
}) => {
  const { t, i18n } = useTranslation('cloud');
  const english = i18n.language.startsWith('en');
  const name = fieldName(field, i18n.language);
  return (
    <div className="field-error" id={id} data-testid={`error-${field.id}`}>
      {english ? (
        problem
      ) : value.trim() === '' && field.required ? (
        t('form.requiredField', { field: name })
      ) : (
        <>
          {t('form.invalidField', { field: name })}
          <details className="error-details small">
            <summary>{t('form.problemDetails')}</summary>
            <span lang="en">{problem}</span>
          </details>
        </>
      )}
    </div>
  );
};
