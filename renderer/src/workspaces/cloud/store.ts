import { create } from 'zustand';
import { CLOUD_IDS, isCloudId, type CloudCredentials, type CloudId } from '../../../../shared/cloud';
import { persisted } from '../../stores/persisted';
import { initialValues, type FormValues } from './fields';

const lastCloud = persisted<CloudId>('qpy.cloud.last', 'aliyun', (raw) =>
  typeof raw === 'string' && isCloudId(raw) ? raw : undefined,
);

/** One cloud's wizard: the form (secrets stay in memory only, never in localStorage) and its last result. */
interface WizardState {
  values: FormValues;
  /** Fields the user left (blur) or every field after a compute attempt: their problems are shown. */
  touched: Record<string, boolean>;
  submitted: boolean;
  result: CloudCredentials | null;
}

interface CloudWizardStore {
  cloud: CloudId;
  wizards: Partial<Record<CloudId, WizardState>>;
  selectCloud(cloud: CloudId): void;
  setValue(cloud: CloudId, field: string, value: string): void;
  setValues(cloud: CloudId, values: FormValues): void;
  touch(cloud: CloudId, field: string): void;
  setSubmitted(cloud: CloudId): void;
  setResult(cloud: CloudId, result: CloudCredentials | null): void;
  reset(cloud: CloudId): void;
}

const freshWizard = (cloud: CloudId): WizardState => ({
  values: initialValues(cloud, Date.now()),
  touched: {},
  submitted: false,
  result: null,
});

/** The wizard of `cloud`, created with the cloud's defaults on first use. */
export const wizardOf = (state: Pick<CloudWizardStore, 'wizards'>, cloud: CloudId): WizardState =>
  state.wizards[cloud] ?? freshWizard(cloud);

export const useCloudStore = create<CloudWizardStore>((set) => {
  const update = (cloud: CloudId, change: (w: WizardState) => Partial<WizardState>) =>
    set((s) => {
      const current = wizardOf(s, cloud);
      return { wizards: { ...s.wizards, [cloud]: { ...current, ...change(current) } } };
    });
  const initial = lastCloud.read();
  return {
    cloud: initial,
    wizards: Object.fromEntries(CLOUD_IDS.map((id) => [id, freshWizard(id)])),
    selectCloud: (cloud) => {
      lastCloud.write(cloud);
      set({ cloud });
    },
    // Any edit invalidates the result: it no longer matches the form.
    setValue: (cloud, field, value) =>
      update(cloud, (w) => ({ values: { ...w.values, [field]: value }, result: null })),
    setValues: (cloud, values) => update(cloud, (w) => ({ values: { ...w.values, ...values }, result: null })),
    touch: (cloud, field) => update(cloud, (w) => ({ touched: { ...w.touched, [field]: true } })),
    setSubmitted: (cloud) => update(cloud, () => ({ submitted: true })),
    setResult: (cloud, result) => update(cloud, () => ({ result })),
    reset: (cloud) => set((s) => ({ wizards: { ...s.wizards, [cloud]: freshWizard(cloud) } })),
  };
});
