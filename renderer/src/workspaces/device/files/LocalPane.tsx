import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LocalListing } from '../../../../../shared/api/local';
import type { ApiError } from '../../../../../shared/result';
import { useApi } from '../../../api/context';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { pickLocal } from '../../../components/LocalPicker';
import { joinRemote, openLocalFile } from '../actions';
import { useConnectedPath } from '../connection/device-store';
import { formatBytes } from '../format';
import { localRef, useLocalFolder } from './local-folder-store';
import { uploadLocalFile } from './transfer-actions';

/**
 * The project folder on this computer: choose it (the system dialog, or the app's picker in browser mode),
 * browse inside it, open files in the editor, push them to the module's current folder.
 */
export const LocalPane = ({ remoteDir }: { remoteDir: string }) => {
  const { t } = useTranslation('device');
  const api = useApi();
  const path = useConnectedPath();
  const grant = useLocalFolder((s) => s.grant);
  const recent = useLocalFolder((s) => s.recent);
  const version = useLocalFolder((s) => s.version);
  const [listing, setListing] = useState<LocalListing | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [showHidden, setShowHidden] = useState(false);

  const load = useCallback(
    async (relPath: string) => {
      const current = useLocalFolder.getState().grant;
      if (!current) {
        setListing(null);
        return;
      }
      const result = await api.localList(localRef(current, relPath));
      if (!result.ok) {
        // A grant from before the backend restarted: the folder has to be chosen again.
        if (result.error.code === 'FORBIDDEN') useLocalFolder.getState().setGrant(null);
        setListing(null);
        setError(result.error);
        return;
      }
      setError(null);
      setListing(result.value);
      useLocalFolder.getState().setShown(result.value.relPath, result.value.path);
    },
    [api],
  );

  useEffect(() => {
    void load(useLocalFolder.getState().relPath);
  }, [load, version, grant]);

  const choose = async (startAt?: string) => {
    const outcome = await pickLocal(api, {
      kind: 'folder',
      purpose: t('files.chooseTitle'),
      ...(startAt ? { startAt } : {}),
    });
    if ('error' in outcome) setError(outcome.error);
    else if ('grant' in outcome) useLocalFolder.getState().setGrant(outcome.grant);
  };

  const entries = (listing?.entries ?? []).filter((e) => showHidden || !e.name.startsWith('.'));

  return (
    <section className="file-pane local-pane" data-testid="local-pane">
      <header className="pane-header">
        <h2>{t('files.local')}</h2>
        <button
          type="button"
          className="btn btn-xs"
          onClick={() => void choose(listing?.path ?? recent[0])}
          data-testid="local-choose"
        >
          {t('files.choose')}
        </button>
        <span className="spacer" />
        <label className="toggle small" title={t('files.hiddenHint')}>
          <input type="checkbox" checked={showHidden} onChange={(e) => setShowHidden(e.target.checked)} />
          {t('files.hidden')}
        </label>
        <button
          type="button"
          className="icon-button"
          disabled={!grant}
          onClick={() => void load(listing?.relPath ?? '')}
          title={t('files.refresh')}
          aria-label={t('files.refresh')}
        >
          ⟳
        </button>
      </header>
      {grant ? (
        <div className="path-bar">
          <button
            type="button"
            className="btn btn-sm"
            disabled={listing?.parentRelPath == null}
            onClick={() => listing?.parentRelPath != null && void load(listing.parentRelPath)}
            aria-label={t('files.up')}
            title={t('files.up')}
          >
            ↰
          </button>
          <span className="mono path-shown" data-testid="local-path" title={listing?.path ?? grant.path}>
            {listing?.path ?? grant.path}
          </span>
        </div>
      ) : null}
      {error ? <ErrorBanner error={error} onDismiss={() => setError(null)} /> : null}
      {!grant ? (
        <div className="local-empty" data-testid="local-empty">
          <p className="muted small">{t('files.chooseHint')}</p>
          {recent.length > 0 ? (
            <>
              <p className="small">{t('files.recent')}</p>
              <ul className="recent-folders">
                {recent.map((folder) => (
                  <li key={folder}>
                    <button
                      type="button"
                      className="link-button mono small"
                      onClick={() => void choose(folder)}
                      data-testid="local-recent"
                      title={t('files.recentHint')}
                    >
                      {folder}
                    </button>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
      ) : null}
      <ul className="file-list" data-testid="local-list">
        {grant &&
          entries.map((entry) => {
            const isSelected = selected === entry.relPath;
            const ref = localRef(grant, entry.relPath);
            return (
              <li
                key={entry.relPath}
                className={`file-row${isSelected ? ' selected' : ''}`}
                data-testid="local-entry"
                data-name={entry.name}
                onClick={() => setSelected(entry.relPath)}
                onDoubleClick={() =>
                  entry.type === 'dir'
                    ? void load(entry.relPath)
                    : void openLocalFile(api, ref, `${listing?.path ?? ''}${listing?.sep ?? '/'}${entry.name}`)
                }
              >
                <span className={`file-icon file-icon-${entry.type}`} aria-hidden>
                  {entry.type === 'dir' ? '▸' : entry.name.endsWith('.py') ? 'py' : '·'}
                </span>
                <span className="file-name" translate="no" title={entry.relPath}>
                  {entry.name}
                </span>
                <span className="file-size muted small">{entry.type === 'file' ? formatBytes(entry.size) : ''}</span>
                {isSelected && entry.type === 'file' ? (
                  <span className="row-actions">
                    <button
                      type="button"
                      className="btn btn-xs"
                      onClick={() =>
                        void openLocalFile(api, ref, `${listing?.path ?? ''}${listing?.sep ?? '/'}${entry.name}`)
                      }
                    >
                      {t('files.open')}
                    </button>
                    <button
                      type="button"
                      className="btn btn-xs"
                      disabled={!path}
                      onClick={() =>
                        path &&
                        void uploadLocalFile(api, path, ref, entry.name, entry.size, joinRemote(remoteDir, entry.name))
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
