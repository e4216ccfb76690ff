import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { scriptOptionsSchema } from '../../../../shared/api/cloud';
import type { CloudId } from '../../../../shared/cloud';

export type ScriptOptionsInput = z.input<typeof scriptOptionsSchema>;

const positiveInt = (v: string): number | undefined => (/^\d+$/.test(v) && Number(v) > 0 ? Number(v) : undefined);

/** What the generated main.py reports, how often, and (per cloud) which client or format it uses. */
export const ScriptOptions = ({
  cloud,
  emulated,
  value,
  onChange,
}: {
  cloud: CloudId;
  /** Against the emulator the Aliyun script must use umqtt (the aLiYun module picks the cloud host itself). */
  emulated: boolean;
  value: ScriptOptionsInput;
  onChange(v: ScriptOptionsInput): void;
}) => {
  const { t } = useTranslation('cloud');
  const set = <K extends keyof ScriptOptionsInput>(key: K, v: ScriptOptionsInput[K] | undefined) => {
    const next = { ...value };
    if (v === undefined || v === '') delete next[key];
    else next[key] = v;
    onChange(next);
  };
  return (
    <div className="script-options">
      <label>
        {t('scriptOptions.interval')}
        <input
          inputMode="numeric"
          placeholder="10"
          data-testid="script-interval"
          value={value.intervalS ?? ''}
          onChange={(e) => set('intervalS', positiveInt(e.target.value))}
        />
      </label>
      <label>
        {t('scriptOptions.property')}
        <input
          placeholder="temperature"
          translate="no"
          value={value.property ?? ''}
          onChange={(e) => set('property', e.target.value.trim() || undefined)}
        />
      </label>
      {cloud === 'aliyun' ? (
        <label>
          {t('scriptOptions.aliyunClient')}
          <select
            value={emulated ? 'umqtt' : (value.aliyunClient ?? 'module')}
            disabled={emulated}
            title={emulated ? t('scriptOptions.umqttForEmulator') : undefined}
            data-testid="script-aliyun-client"
            onChange={(e) => set('aliyunClient', e.target.value as 'module' | 'umqtt')}
          >
            <option value="module">aLiYun</option>
            <option value="umqtt">umqtt</option>
          </select>
        </label>
      ) : null}
      {cloud === 'onenet' ? (
        <label>
          {t('scriptOptions.oneNetFormat')}
          <select
            value={value.oneNetFormat ?? 'dp'}
            onChange={(e) => set('oneNetFormat', e.target.value as 'dp' | 'thing')}
          >
            <option value="dp">dp/post/json</option>
            <option value="thing">{t('scriptOptions.oneJson')}</option>
          </select>
        </label>
      ) : null}
      {cloud === 'huawei' ? (
        <label>
          service_id
          <input
            placeholder="BasicData"
            translate="no"
            value={value.huaweiServiceId ?? ''}
            onChange={(e) => set('huaweiServiceId', e.target.value.trim() || undefined)}
          />
        </label>
      ) : null}
    </div>
  );
};
