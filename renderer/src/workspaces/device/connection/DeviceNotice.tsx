import { useTranslation } from 'react-i18next';
import { useApi } from '../../../api/context';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { connectDevice, useDeviceStore } from './device-store';

/** The workbench's last error, with the one-click fix where there is one (Interrupt a busy module, Retry a port). */
export const DeviceNotice = () => {
  const { t } = useTranslation('device');
  const api = useApi();
  const notice = useDeviceStore((s) => s.notice);
  const connectedPath = useDeviceStore((s) => s.connectedPath);
  if (!notice) return null;
  const dismiss = () => useDeviceStore.getState().report(null);
  const interrupt = async () => {
    if (!connectedPath) return;
    dismiss();
    const result = await api.deviceInterrupt({ path: connectedPath });
    if (!result.ok) useDeviceStore.getState().report(result.error);
  };
  const canRetry =
    ['PORT_BUSY', 'PORT_PERMISSION', 'PORT_NOT_FOUND', 'PORT_ERROR', 'DISCONNECTED', 'TIMEOUT'].includes(notice.code) &&
    !connectedPath;
  return (
    <div className="device-notice" data-testid="device-notice">
      <ErrorBanner error={notice} onDismiss={dismiss} />
      {notice.code === 'DEVICE_BUSY' && connectedPath ? (
        <button
          type="button"
          className="btn btn-sm btn-primary"
          onClick={() => void interrupt()}
          data-testid="notice-interrupt"
        >
          {t('notice.interrupt')}
        </button>
      ) : null}
      {canRetry ? (
        <button type="button" className="btn btn-sm" onClick={() => void connectDevice(api)} data-testid="notice-retry">
          {t('notice.retry')}
        </button>
      ) : null}
    </div>
  );
};
