import { useTranslation } from 'react-i18next';
import { useApi } from '../../../api/context';
import { askConfirm } from '../../../components/AppDialog';
import { portLabel } from '../port-label';
import { unsavedModuleTabs } from '../editor/editor-store';
import { operationText } from './operation-text';
import { connectDevice, disconnectDevice, stopReconnecting, useDeviceStore } from './device-store';

/** The session with the picked port: state, Connect/Disconnect and what the firmware offers. */
export const ConnectionPanel = () => {
  const { t } = useTranslation('device');
  const api = useApi();
  const selected = useDeviceStore((s) => s.selected);
  const status = useDeviceStore((s) => s.status);
  const reason = useDeviceStore((s) => s.reason);
  const reasonCode = useDeviceStore((s) => s.reasonCode);
  const wantConnected = useDeviceStore((s) => s.wantConnected);
  const operation = useDeviceStore((s) => s.operation);
  const info = useDeviceStore((s) => s.info);
  const connectedPath = useDeviceStore((s) => s.connectedPath);
  const open = status === 'connected' || status === 'busy';
  /** The module went away by itself (unplugged, reset): we look for it again until it answers. */
  const waiting = wantConnected && reasonCode !== null && !open;
  const reasonText = reasonCode === 'DISCONNECTED' ? t('connection.unplugged') : reason;

  const disconnect = async () => {
    const unsaved = unsavedModuleTabs();
    if (
      unsaved.length &&
      !(await askConfirm(
        t('dialog.disconnectTitle'),
        t('connection.confirmDisconnect', { files: unsaved.map((tab) => tab.title).join(', ') }),
        { confirmLabel: t('dialog.disconnect'), danger: true },
      ))
    )
      return;
    void disconnectDevice(api);
  };

  return (
    <section className="connection-panel" data-testid="connection-panel" data-state={status}>
      <header className="section-header">
        <h2>{t('connection.title')}</h2>
      </header>
      <div className="connection-target">
        <span className={`dot dot-${status}`} aria-hidden />
        <div className="connection-text">
          <div className="connection-label" title={selected?.path}>
            {selected ? portLabel(selected, t) : t('connection.noPort')}
          </div>
          <div className="small" data-testid="connection-state">
            {waiting
              ? t('connection.state.disconnected')
              : status === 'busy' && operation
                ? t('connection.busyWith', { operation: operationText(operation, t) })
                : t(`connection.state.${status}`)}
            {(status === 'disconnected' || waiting) && reasonText ? (
              <span className="muted" data-testid="connection-reason">
                : {reasonText}
              </span>
            ) : null}
          </div>
          {waiting ? (
            <div className="small muted" data-testid="connection-waiting">
              {t('connection.waiting')}{' '}
              <button type="button" className="link-button" onClick={stopReconnecting} data-testid="stop-waiting">
                {t('connection.stopWaiting')}
              </button>
            </div>
          ) : null}
        </div>
      </div>
      <div className="connection-actions">
        {open || status === 'connecting' ? (
          <button
            type="button"
            className="btn"
            onClick={() => void disconnect()}
            data-testid="disconnect"
            disabled={status === 'connecting' && !connectedPath}
          >
            {t('connection.disconnect')}
          </button>
        ) : (
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => void connectDevice(api)}
            disabled={!selected}
            data-testid="connect"
          >
            {t('connection.connect')}
          </button>
        )}
      </div>
      {info && open ? (
        <dl className="device-info small" data-testid="device-info">
          <dt>{t('connection.platform')}</dt>
          <dd translate="no">{info.platform || info.machine}</dd>
          <dt>{t('connection.firmware')}</dt>
          <dd>
            <span translate="no">{info.version}</span>{' '}
            <span className="muted">({t(`connection.firmwareKind.${info.firmware}`)})</span>
          </dd>
          <dt>{t('connection.upload')}</dt>
          <dd>{info.rawPaste === false ? t('connection.rawRepl') : t('connection.rawPaste')}</dd>
        </dl>
      ) : null}
    </section>
  );
};
