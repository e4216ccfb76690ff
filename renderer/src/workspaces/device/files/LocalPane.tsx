import { useCallback, useEffect, useState, type DragEvent, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { LocalEntry, LocalListing } from '../../../../../shared/api/local';
import type { ApiError } from '../../../../../shared/result';
import { useApi } from '../../../api/context';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { pickLocal } from '../../../components/LocalPicker';
import { openLocalFile } from '../actions';
import { useConnectedPath } from '../connection/device-store';
import { formatBytes } from '../format';
import { localRef, useLocalFolder } from './local-folder-store';
import { LOCAL_DRAG_TYPE, pushLocalSelection, type LocalDrag, type LocalSelection } from './local-push';

const asSelection = (entries: readonly LocalEntry[]): LocalSelection =>
  entries.map(({ name, relPath, type, size }) => ({ name, relPath, type, size }));

/**
 * The project folder on this computer: choose it (the system dialog, or the app's picker in browser mode),
 * browse inside it, open files in the editor, push selected files and folders to the module's current folder (with
 * the button, or by dragging them onto the module pane).
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
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [pushing, setPushing] = useState(false);
  const showHidden = useLocalFolder((s) => s.showHidden);

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
      setSelected(new Set());
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
  const chosen = entries.filter((e) => selected.has(e.relPath));

  /** Click selects one entry; Ctrl/⌘-click adds or removes one, Shift-click a range. */
  const select = (event: MouseEvent, entry: LocalEntry) => {
    if (event.ctrlKey || event.metaKey) {
      const next = new Set(selected);
      if (next.has(entry.relPath)) next.delete(entry.relPath);
      else next.add(entry.relPath);
      setSelected(next);
    } else if (event.shiftKey && chosen.length > 0) {
      const from = entries.indexOf(chosen[0]!);
      const to = entries.indexOf(entry);
      setSelected(new Set(entries.slice(Math.min(from, to), Math.max(from, to) + 1).map((e) => e.relPath)));
    } else setSelected(new Set([entry.relPath]));
  };

  const push = async (what: readonly LocalEntry[]) => {
    if (!path || !grant || what.length === 0) return;
    setPushing(true);
    try {
      await pushLocalSelection(api, path, grant, asSelection(what), remoteDir, showHidden);
    } finally {
      setPushing(false);
    }
  };

  const startDrag = (event: DragEvent, entry: LocalEntry) => {
    if (!grant) return;
    // Dragging an unselected entry drags just that one, as file managers do.
    const dragged = selected.has(entry.relPath) ? chosen : [entry];
    if (!selected.has(entry.relPath)) setSelected(new Set([entry.relPath]));
    const payload: LocalDrag = { grant: grant.id, entries: asSelection(dragged) };
    event.dataTransfer.setData(LOCAL_DRAG_TYPE, JSON.stringify(payload));
    event.dataTransfer.effectAllowed = 'copy';
  };

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
          <input
            type="checkbox"
            checked={showHidden}
            onChange={(e) => useLocalFolder.getState().setShowHidden(e.target.checked)}
          />
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
      {grant ? (
        <div className="pane-toolbar">
          <button
            type="button"
            className="btn btn-sm"
            disabled={!path || chosen.length === 0 || pushing}
            onClick={() => void push(chosen)}
            data-testid="local-push"
            title={path ? t('files.pushHint', { dir: remoteDir }) : t('files.connectFirst')}
          >
            {chosen.length > 1
              ? t('files.pushMany', { count: chosen.length, dir: remoteDir })
              : t('files.pushTo', { dir: remoteDir })}
          </button>
          <span className="muted small">{t('files.pushDragHint')}</span>
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
            const isSelected = selected.has(entry.relPath);
            const ref = localRef(grant, entry.relPath);
            return (
              <li
                key={entry.relPath}
                className={`file-row${isSelected ? ' selected' : ''}`}
                data-testid="local-entry"
                data-name={entry.name}
                aria-selected={isSelected}
                draggable
                onDragStart={(e) => startDrag(e, entry)}
                onClick={(e) => select(e, entry)}
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
                {isSelected && chosen.length === 1 && entry.type === 'file' ? (
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
                      disabled={!path || pushing}
                      onClick={() => void push([entry])}
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
