import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ALIYUN_REGISTER_FIELDS, ALIYUN_REGISTER_PATTERNS } from '../../../../shared/cloud/aliyun-dynreg';
import type { ApiError } from '../../../../shared/result';
import { useApi } from '../../api/context';
import { ErrorBanner } from '../../components/ErrorBanner';
import { FieldInput } from './FieldInput';
import { fieldName } from './field-text';
import type { FormValues } from './fields';
import { useCloudStore, wizardOf } from './store';

const FIELDS = ALIYUN_REGISTER_FIELDS;
const PATTERNS = ALIYUN_REGISTER_PATTERNS;

/**
 * One type, one secret (一型一密): the device proves it holds the product certificate and the cloud issues its
 * DeviceSecret (dynamic registration). The issued triple then fills the one-device-one-secret form.
 */
export const AliyunRegister = ({
  emulated,
  onRegistered,
}: {
  emulated: boolean;
  onRegistered(values: FormValues): void;
}) => {
  const { t, i18n } = useTranslation('cloud');
  const api = useApi();
  const deviceForm = useCloudStore((s) => wizardOf(s, 'aliyun').values);
  const [values, setValues] = useState<FormValues>(() => ({
    productKey: deviceForm.productKey ?? '',
    productSecret: '',
    deviceName: deviceForm.deviceName ?? '',
    transport: 'mqtt',
  }));
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const problemOf = (id: string): string | undefined => {
    const v = values[id]?.trim() ?? '';
    const field = FIELDS.find((f) => f.id === id)!;
    const label = fieldName(field, i18n.language);
    if (!v) return t('form.required', { label });
    const pattern = PATTERNS[id];
    return pattern && !pattern.test(v) ? t('register.invalid', { label }) : undefined;
  };
  const firstProblem = FIELDS.map((f) => f.id).find((id) => problemOf(id) !== undefined);

  const register = async () => {
    setSubmitted(true);
    if (firstProblem) return;
    setBusy(true);
    setError(null);
    const r = await api.cloudRegister({
      cloud: 'aliyun',
      transport: values.transport === 'https' ? 'https' : 'mqtt',
      mode: 'register',
      productKey: values.productKey!.trim(),
      productSecret: values.productSecret!.trim(),
      deviceName: values.deviceName!.trim(),
      ...(deviceForm.regionId ? { regionId: deviceForm.regionId } : {}),
      ...(deviceForm.instanceId ? { instanceId: deviceForm.instanceId } : {}),
      ...(emulated ? { useEmulator: true } : {}),
    });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    if (!r.value.deviceSecret) return setError({ code: 'INVALID_CREDENTIALS', message: t('register.noSecret') });
    onRegistered({
      productKey: r.value.productKey,
      deviceName: r.value.deviceName,
      deviceSecret: r.value.deviceSecret,
    });
  };

  return (
    <form
      className="wizard-form"
      data-testid="aliyun-register"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void register();
      }}
    >
      <p className="muted small">{t('register.explain')}</p>
      <div className="field-grid">
        {FIELDS.map((field) => (
          <FieldInput
            key={field.id}
            cloud="aliyun"
            field={field}
            value={values[field.id] ?? ''}
            problem={submitted || touched[field.id] ? problemOf(field.id) : undefined}
            onChange={(v) => setValues({ ...values, [field.id]: v })}
            onBlur={() => setTouched({ ...touched, [field.id]: true })}
          />
        ))}
      </div>
      <div className="form-actions">
        <button
          type="submit"
          className="btn btn-primary"
          data-testid="register"
          disabled={busy || (submitted && firstProblem !== undefined)}
        >
          {busy ? t('register.registering') : t('register.submit')}
        </button>
        {emulated ? <span className="badge badge-emulated">{t('emulator.badge')}</span> : null}
      </div>
      {error ? <ErrorBanner error={error} onDismiss={() => setError(null)} /> : null}
    </form>
  );
};
