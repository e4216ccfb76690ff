import { useTranslation } from 'react-i18next';
import { CLOUD_IDS, CLOUDS, type CloudId } from '../../../../shared/cloud';

const EMULATED: ReadonlySet<CloudId> = new Set(['aliyun', 'onenet', 'huawei']);

/** A short mark per cloud for the list (coloured in cloud.css). */
const MARKS: Record<CloudId, string> = {
  aliyun: 'Ali',
  onenet: 'One',
  huawei: 'HW',
  tencent: 'TC',
  azure: 'Az',
  aws: 'AWS',
  thingsboard: 'TB',
  generic: 'MQ',
};

/** The clouds, named in both languages; the ones the offline emulator can play are marked. */
export const CloudList = ({ value, onChange }: { value: CloudId; onChange(cloud: CloudId): void }) => {
  const { t, i18n } = useTranslation('cloud');
  const zh = i18n.language.startsWith('zh');
  return (
    <nav aria-label={t('clouds')}>
      <div className="section-header">
        <h2>{t('clouds')}</h2>
      </div>
      <ul className="cloud-list" role="listbox" aria-label={t('clouds')}>
        {CLOUD_IDS.map((id) => {
          const c = CLOUDS[id];
          return (
            <li key={id}>
              <button
                type="button"
                role="option"
                aria-selected={id === value}
                className={`cloud-item${id === value ? ' selected' : ''}`}
                data-testid={`cloud-${id}`}
                onClick={() => onChange(id)}
              >
                <span className={`cloud-logo cloud-logo-${id}`} aria-hidden="true" translate="no">
                  {MARKS[id]}
                </span>
                <span className="cloud-names">
                  <span className="cloud-name">{zh ? c.nameZh : c.name}</span>
                  <span className="cloud-alt muted" lang={zh ? 'en' : 'zh'}>
                    {zh ? c.name : c.nameZh}
                  </span>
                  {EMULATED.has(id) ? (
                    <span className="cloud-emulated" title={t('emulator.hint')}>
                      {t('emulatedBadge')}
                    </span>
                  ) : null}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </nav>
  );
};

export const isEmulated = (cloud: CloudId): cloud is 'aliyun' | 'onenet' | 'huawei' => EMULATED.has(cloud);
