import { useTranslation } from 'react-i18next';
import { useApi } from '../../../api/context';
import { useConnectedPath } from '../connection/device-store';
import { formatBytes, formatEta, formatRate, percent } from '../format';
import { cancelTransfer } from './transfer-actions';
import { useTransfers, type Transfer } from './transfers-store';

const TransferRow = ({
  transfer,
  onCancel,
  onDismiss,
}: {
  transfer: Transfer;
  onCancel(): void;
  onDismiss(): void;
}) => {
  const { t } = useTranslation('device');
  const pct = percent(transfer.bytesDone, transfer.bytesTotal);
  const running = transfer.state === 'running';
  return (
    <li className={`transfer transfer-${transfer.state}`} data-testid="transfer" data-state={transfer.state}>
      <div className="transfer-head">
        <span className="transfer-label" title={transfer.file ?? transfer.label}>
          {t(`transfers.kind.${transfer.kind}`)} · {transfer.label}
        </span>
        <span className="transfer-pct mono">{pct}%</span>
        {running ? (
          <button
            type="button"
            className="link-button small"
            onClick={onCancel}
            disabled={transfer.cancelRequested}
            data-testid="transfer-cancel"
          >
            {t('transfers.cancel')}
          </button>
        ) : (
          <button type="button" className="icon-button" onClick={onDismiss} aria-label={t('transfers.dismiss')}>
            ×
          </button>
        )}
      </div>
      <div className="progress" role="progressbar" aria-valuenow={pct} aria-valuemin={0} aria-valuemax={100}>
        <div className="progress-fill" style={{ width: `${pct}%` }} />
      </div>
      <div className="transfer-meta small muted">
        {running ? (
          <>
            <span>
              {formatBytes(transfer.bytesDone)} / {formatBytes(transfer.bytesTotal)}
              {transfer.filesTotal > 1
                ? ` · ${t('transfers.files', { done: transfer.filesDone, total: transfer.filesTotal })}`
                : ''}
            </span>
            {transfer.filesTotal > 1 && transfer.file ? (
              <span className="mono transfer-file" data-testid="transfer-file" title={transfer.file}>
                {transfer.file}
              </span>
            ) : null}
            <span className="mono" data-testid="transfer-rate">
              {formatRate(transfer.rate)} · {t('transfers.eta', { eta: formatEta(transfer.etaMs) })}
            </span>
          </>
        ) : (
          <span>
            {t(`transfers.state.${transfer.state}`)}
            {transfer.unchanged ? (
              <span data-testid="transfer-unchanged">
                {' · '}
                {t('transfers.unchanged', { count: transfer.unchanged })}
              </span>
            ) : null}
          </span>
        )}
      </div>
    </li>
  );
};

export const TransferList = () => {
  const api = useApi();
  const path = useConnectedPath();
  const transfers = useTransfers((s) => s.transfers);
  if (transfers.length === 0) return null;
  return (
    <ul className="transfer-list" data-testid="transfer-list">
      {transfers.map((transfer) => (
        <TransferRow
          key={transfer.id}
          transfer={transfer}
          onCancel={() => void cancelTransfer(api, path, transfer)}
          onDismiss={() => useTransfers.getState().dismiss(transfer.id)}
        />
      ))}
    </ul>
  );
};
