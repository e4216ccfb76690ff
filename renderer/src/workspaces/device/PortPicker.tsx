import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PortInfo } from '../../../../shared/api/app';
import type { ApiError } from '../../../../shared/result';
import { useApi } from '../../api/context';
import { Icon } from '../../components/Icon';
import { ErrorBanner } from '../../components/ErrorBanner';
import { portLabel } from './port-label';

interface PortPickerProps {
  value: string;
  onChange(path: string, port?: PortInfo): void;
  /** Every list the backend reports (on load, refresh and 'ports.changed'), e.g. to follow a re-enumerated module. */
  onPorts?(ports: PortInfo[]): void;
  /** The port with an open session. */
  connectedPath?: string | null;
}

/**
 * Lists the backend's ports: Quectel modules by model with their REPL interface selectable and the other interfaces
 * (AT, modem, DM, NMEA) shown with their role but disabled; the built-in simulator; and a free path field.
 */
export const PortPicker = ({ value, onChange, onPorts, connectedPath = null }: PortPickerProps) => {
  const { t } = useTranslation();
  const api = useApi();
  const [ports, setPorts] = useState<PortInfo[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [freePath, setFreePath] = useState('');

  const refresh = useCallback(async () => {
    const result = await api.portsList({});
    if (result.ok) {
      setPorts(result.value);
      setError(null);
      onPorts?.(result.value);
    } else setError(result.error);
  }, [api, onPorts]);

  useEffect(() => {
    void refresh();
    return api.on('ports.changed', ({ ports: next }) => {
      setPorts(next);
      onPorts?.(next);
    });
  }, [api, refresh, onPorts]);

  return (
    <section className="port-picker" aria-label={t('ports.title')}>
      <header className="section-header">
        <h2>{t('ports.title')}</h2>
        <button
          type="button"
          className="icon-button"
          onClick={() => void refresh()}
          title={t('ports.refresh')}
          aria-label={t('ports.refresh')}
        >
          <Icon name="refresh" size={16} />
        </button>
      </header>
      {error ? <ErrorBanner error={error} /> : null}
      {ports && ports.length === 0 ? <p className="muted small">{t('ports.empty')}</p> : null}
      <ul className="port-list" data-testid="port-list">
        {(ports ?? []).map((port) => (
          <li key={port.path}>
            <button
              type="button"
              className={`port-item${value === port.path ? ' selected' : ''}${port.role === 'repl' ? ' repl' : ''}`}
              disabled={!port.selectable}
              title={port.selectable ? port.path : t('ports.notSelectable', { role: t(`ports.role.${port.role}`) })}
              onClick={() => onChange(port.path, port)}
              data-path={port.path}
              data-testid="port-item"
            >
              <span className={`badge badge-${port.kind}`}>{t(`ports.kind.${port.kind}`)}</span>
              <span className="port-label">
                {portLabel(port, t)}
                {connectedPath === port.path ? (
                  <span className="dot dot-connected port-open-dot" aria-label={t('ports.open')} />
                ) : null}
              </span>
              {port.kind !== 'simulator' ? (
                <span className="port-path muted">
                  {port.path}
                  {port.kind === 'usb' && port.role !== 'unknown' ? (
                    <span className={`role role-${port.role}`}>{t(`ports.role.${port.role}`)}</span>
                  ) : null}
                </span>
              ) : null}
            </button>
          </li>
        ))}
      </ul>
      <form
        className="free-path"
        onSubmit={(e) => {
          e.preventDefault();
          const path = freePath.trim();
          if (!path) return;
          onChange(path);
          // Pseudo-terminals are never listed by the OS: remember typed paths so they are listed next time.
          void api.portsRemember({ path }).then((r) => (r.ok ? refresh() : setError(r.error)));
        }}
      >
        <label htmlFor="free-path-input">{t('ports.freePath')}</label>
        <input
          id="free-path-input"
          data-testid="free-path-input"
          value={freePath}
          placeholder={t('ports.freePathPlaceholder')}
          onChange={(e) => setFreePath(e.target.value)}
          spellCheck={false}
        />
      </form>
    </section>
  );
};
