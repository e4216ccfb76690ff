import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PortInfo } from '../../../../shared/api/app';
import type { ApiError } from '../../../../shared/result';
import { useApi } from '../../api/context';
import { Icon } from '../../components/Icon';
import { ErrorBanner } from '../../components/ErrorBanner';

export interface PortPickerProps {
  value: string;
  onChange(path: string): void;
}

/** Lists the backend's ports (REPL ports selectable, a module's other interfaces shown but disabled) plus a free path. */
export const PortPicker = ({ value, onChange }: PortPickerProps) => {
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
    } else setError(result.error);
  }, [api]);

  useEffect(() => {
    void refresh();
    return api.on('ports.changed', ({ ports: next }) => setPorts(next));
  }, [api, refresh]);

  return (
    <section className="port-picker" aria-label={t('ports.title')}>
      <header className="section-header">
        <h2>{t('ports.title')}</h2>
        <button type="button" className="icon-button" onClick={() => void refresh()} title={t('ports.refresh')} aria-label={t('ports.refresh')}>
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
              className={`port-item${value === port.path ? ' selected' : ''}`}
              disabled={!port.selectable}
              title={port.selectable ? port.path : t('ports.notSelectable', { role: port.role.toUpperCase() })}
              onClick={() => onChange(port.path)}
              data-path={port.path}
            >
              <span className={`badge badge-${port.kind}`}>{t(`ports.kind.${port.kind}`)}</span>
              <span className="port-label">{port.label}</span>
              {port.kind !== 'simulator' ? <span className="port-path muted">{port.path}</span> : null}
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
