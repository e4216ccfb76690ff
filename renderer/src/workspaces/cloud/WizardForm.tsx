import { useTranslation } from 'react-i18next';
import type { CloudDefinition, CloudId } from '../../../../shared/cloud';
import { FieldInput } from './FieldInput';
import { problemText } from './problem-text';
import type { FormOutcome } from './fields';
import { useCloudStore, wizardOf } from './store';

interface WizardFormProps {
  cloud: CloudDefinition;
  /** The cloud's own validation and computation of the current form. */
  outcome: FormOutcome;
}

/**
 * The fields of one cloud's console, validated inline. "Generate" shows every problem at once instead of a result
 * and stays disabled until they are fixed; an expiry in the past computes (the result marks it expired).
 */
export const WizardForm = ({ cloud, outcome }: WizardFormProps) => {
  const { t, i18n } = useTranslation('cloud');
  const id: CloudId = cloud.id;
  const wizard = useCloudStore((s) => wizardOf(s, id));
  const { setValue, touch, setSubmitted, setResult } = useCloudStore.getState();
  const shown = (outcome.ok ? [] : outcome.problems).filter((p) => wizard.submitted || wizard.touched[p.field]);
  const formProblems = shown.filter((p) => !cloud.fields.some((f) => f.id === p.field));
  const problemOf = (fieldId: string) => {
    const problem = shown.find((p) => p.field === fieldId);
    return problem ? problemText(problem, cloud, i18n.language) : undefined;
  };

  return (
    <form
      className="wizard-form"
      data-testid="wizard-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setSubmitted(id);
        setResult(id, outcome.ok ? outcome.credentials : null);
      }}
    >
      <div className="field-grid">
        {cloud.fields.map((field) => (
          <FieldInput
            key={`${id}-${field.id}`}
            cloud={id}
            field={field}
            value={wizard.values[field.id] ?? ''}
            problem={problemOf(field.id)}
            onChange={(v) => setValue(id, field.id, v)}
            onBlur={() => touch(id, field.id)}
          />
        ))}
      </div>
      {formProblems.map((p) => (
        <div key={p.message} className="field-error" data-testid="form-error">
          {problemText(p, cloud, i18n.language)}
        </div>
      ))}
      <div className="form-actions">
        <button
          type="submit"
          className="btn btn-primary"
          data-testid="compute"
          disabled={wizard.submitted && !outcome.ok}
        >
          {t('form.compute')}
        </button>
        {shown ? <span className="muted small">{t('form.fixFirst')}</span> : null}
      </div>
    </form>
  );
};
