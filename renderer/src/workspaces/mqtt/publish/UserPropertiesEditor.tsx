import { useTranslation } from 'react-i18next';
import type { UserProperty } from '../../../../../shared/api/mqtt';

/** MQTT 5 user properties as editable key/value rows (order kept, keys may repeat). */
export const UserPropertiesEditor = ({
  value,
  onChange,
}: {
  value: UserProperty[];
  onChange(next: UserProperty[]): void;
}) => {
  const { t } = useTranslation('mqtt');
  const update = (i: number, patch: Partial<UserProperty>) =>
    onChange(value.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  return (
    <div className="mqtt-user-props">
      {value.map((p, i) => (
        <span key={i} className="mqtt-user-prop">
          <input
            type="text"
            placeholder={t('publish.key')}
            value={p.key}
            onChange={(e) => update(i, { key: e.target.value })}
          />
          <input
            type="text"
            placeholder={t('publish.value')}
            value={p.value}
            onChange={(e) => update(i, { value: e.target.value })}
          />
          <button
            type="button"
            className="icon-button"
            aria-label={t('publish.removeUserProperty')}
            onClick={() => onChange(value.filter((_, j) => j !== i))}
          >
            ✕
          </button>
        </span>
      ))}
      <button type="button" className="btn btn-small" onClick={() => onChange([...value, { key: '', value: '' }])}>
        + {t('publish.userProperty')}
      </button>
    </div>
  );
};
