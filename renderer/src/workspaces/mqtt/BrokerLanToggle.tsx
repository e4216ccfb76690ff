import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../../shared/result';
import { useApi } from '../../api/context';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useMqttSessionsStore } from '../../stores/mqttSessions';

/** The "Allow LAN access" setting of the embedded broker; turning it on or off restarts the broker there. */
export const BrokerLanToggle = () => {
  const { t } = useTranslation('mqtt');
  const api = useApi();
  const [on, setOn] = useState<boolean | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    void api.settingsGet({}).then((r) => (r.ok ? setOn(r.value.brokerLan) : setError(r.error)));
  }, [api]);

  const change = async (next: boolean) => {
    const saved = await api.settingsUpdate({ brokerLan: next });
    if (!saved.ok) return setError(saved.error);
    setOn(saved.value.brokerLan);
    const started = await api.brokerStart({ host: next ? '0.0.0.0' : '127.0.0.1' });
    if (started.ok) useMqttSessionsStore.getState().setBroker(started.value);
    else setError(started.error);
  };

  return (
    <div className="broker-lan">
      <label className="toggle small" title={t('broker.lanWarning')}>
        <input
          type="checkbox"
          checked={on === true}
          disabled={on === null}
          onChange={(e) => void change(e.target.checked)}
          data-testid="broker-lan"
        />
        {t('broker.lan')}
      </label>
      {on ? (
        <p className="small mqtt-text-danger" role="note" data-testid="broker-lan-warning">
          {t('broker.lanWarning')}
        </p>
      ) : null}
      {error ? <ErrorBanner error={error} onDismiss={() => setError(null)} /> : null}
    </div>
  );
};
