import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LocalListing } from '../../../../../shared/api/local';
import type { ApiError } from '../../../../../shared/result';
import { useApi } from '../../../api/context';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { joinRemote, openLocalFile } from '../actions';
import { useConnectedPath } from '../connection/device-store';
import { formatBytes } from '../format';
import { useLocalFolder } from './local-folder-store';
import { uploadLocalFile } from './transfer-actions';

/** The project folder on this computer: browse, open in the editor, push to the module's current folder. */
export const LocalPane = ({ remoteDir }: { remoteDir: string }) => {
  const { t } = useTranslation('device');
  const api = useApi();
  const path = useConnectedPath();
  const dir = useLocalFolder((s) => s.dir);
  const version = useLocalFolder((s) => s.version);
  const [listing, setListing] = useState<LocalListing | null>(null);
  const [typed, setTyped] = useState(dir ?? '');
  const [error, setError] = useState<ApiError | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [showHidden, setShowHidden] = useState(false);

  const load = useCallback(
    async (target?: string) => {
      const result = await api.localList(target ? { dir: target } : {});
      if (!result.ok) {
        setError(result.error);
        return;
      }
      setError(null);
      setListing(result.value);
      setTyped(result.value.dir);
      useLocalFolder.getState().setDir(result.value.dir, result.value.sep);
    },
    [api],
  );

  useEffect(() => {
    void load(useLocalFolder.getState().dir ?? undefined);
  }, [load, version]);

  const entries = (listing?.entries ?? []).filter((e) => showHidden || !e.name.startsWith('.'));

  return (
    <section className="file-pane local-pane" data-testid="local-pane">
      <header className="pane-header">
        <h2>{t('files.local')}</h2>
        <span className="spacer" />
        <label className="toggle small" title={t('files.hiddenHint')}>
          <input type="checkbox" checked={showHidden} onChange={(e) => setShowHidden(e.target.checked)} />
          {t('files.hidden')}
        </label>
        <button
          type="button"
          className="icon-button"
          onClick={() => void load(dir ?? undefined)}
          title={t('files.refresh')}
          aria-label={t('files.refresh')}
        >
          ⟳
        </button>
      </header>
      <form
        className="path-bar"
        onSubmit={(e) => {
          e.preventDefault();
          if (typed.trim()) void load(typed.trim());
        }}
      >
        <button
          type="button"
          className="btn btn-sm"
          disabled={!listing?.parent}
          onClick={() => listing?.parent && void load(listing.parent)}
          aria-label={t('files.up')}
          title={t('files.up')}
        >
          ↰
        </button>
        <input
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          spellCheck={false}
          className="mono"
          data-testid="local-path"
          aria-label={t('files.localPath')}
        />
      </form>
      {error ? <ErrorBanner error={error} onDismiss={() => setError(null)} /> : null}
      <ul className="file-list" data-testid="local-list">
        {entries.map((entry) => {
          const isSelected = selected === entry.path;
          return (
            <li
              key={entry.path}
              className={`file-row${isSelected ? ' selected' : ''}`}
              data-testid="local-entry"
              data-name={entry.name}
              onClick={() => setSelected(entry.path)}
              onDoubleClick={() => (entry.type === 'dir' ? void load(entry.path) : void openLocalFile(api, entry.path))}
            >
              <span className={`file-icon file-icon-${entry.type}`} aria-hidden>
                {entry.type === 'dir' ? '▸' : entry.name.endsWith('.py') ? 'py' : '·'}
              </span>
              <span className="file-name" title={entry.path}>
                {entry.name}
              </span>
              <span className="file-size muted small">{entry.type === 'file' ? formatBytes(entry.size) : ''}</span>
              {isSelected && entry.type === 'file' ? (
                <span className="row-actions">
                  <button type="button" className="btn btn-xs" onClick={() => void openLocalFile(api, entry.path)}>
                    {t('files.open')}
                  </button>
                  <button
                    type="button"
                    className="btn btn-xs"
                    disabled={!path}
                    onClick={() =>
                      path && void uploadLocalFile(api, path, entry.path, entry.size, joinRemote(remoteDir, entry.name))
                    }
                    data-testid="local-upload"
                    title={t('files.uploadToHint', { dir: remoteDir })}
                  >
                    {t('files.uploadTo', { dir: remoteDir })}
                  </button>
                </span>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
};
