import { useCallback, useEffect, useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeviceEntry, DeviceFree } from '../../../../../shared/api/device';
import { useApi } from '../../../api/context';
import {
  baseName,
  makeModuleFolder,
  openModuleFile,
  removeModuleEntry,
  renameModuleEntry,
  runModuleFile,
  setModuleMain,
  useModuleFilesVersion,
} from '../actions';
import { useConnectedPath, useDeviceStore } from '../connection/device-store';
import { formatBytes } from '../format';
import { filesFromDrop, filesFromInput, type PickedFile } from './collect';
import { joinRel, localRef, useLocalFolder } from './local-folder-store';
import { LOCAL_DRAG_TYPE, parseLocalDrag, pushLocalSelection } from './local-push';
import { downloadToBrowser, pullToFolder } from './transfer-actions';
import { pickedItems, uploadBatch } from './upload-batch';

const ROOTS = ['/usr', '/bak'] as const;

const parentOf = (dir: string): string | null => {
  const trimmed = dir.replace(/\/+$/, '');
  const cut = trimmed.lastIndexOf('/');
  if (cut <= 0 || ROOTS.includes(trimmed as (typeof ROOTS)[number])) return null;
  return trimmed.slice(0, cut);
};

interface ModulePaneProps {
  cwd: string;
  onCwd(dir: string): void;
  onSync(remoteDir: string): void;
}

export const ModulePane = ({ cwd, onCwd: setCwd, onSync }: ModulePaneProps) => {
  const { t } = useTranslation('device');
  const api = useApi();
  const path = useConnectedPath();
  const version = useModuleFilesVersion((s) => s.version);
  const localGrant = useLocalFolder((s) => s.grant);
  const localRel = useLocalFolder((s) => s.relPath);
  const localDir = useLocalFolder((s) => (s.grant ? (s.shownPath ?? s.grant.path) : null));
  const [entries, setEntries] = useState<DeviceEntry[] | null>(null);
  const [free, setFree] = useState<DeviceFree | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const [busy, setBusy] = useState(false);
  const filesInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const report = useDeviceStore.getState().report;

  const root = cwd.split('/').slice(0, 2).join('/');

  const refresh = useCallback(async () => {
    if (!path) {
      setEntries(null);
      setFree(null);
      return;
    }
    const listed = await api.deviceList({ path, remote: cwd });
    if (listed.ok)
      setEntries(
        [...listed.value].sort((a, b) =>
          a.type === b.type ? a.name.localeCompare(b.name, 'en', { numeric: true }) : a.type === 'dir' ? -1 : 1,
        ),
      );
    else {
      setEntries([]);
      report(listed.error);
      return;
    }
    const space = await api.deviceFree({ path, remote: root });
    if (space.ok) setFree(space.value);
  }, [api, path, cwd, root, report]);

  useEffect(() => {
    void refresh();
  }, [refresh, version]);

  const upload = async (picked: PickedFile[]) => {
    if (!path || picked.length === 0) return;
    await uploadBatch(api, path, cwd, pickedItems(picked));
  };

  const run = async (job: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await job();
    } finally {
      setBusy(false);
    }
  };

  const remove = (entry: DeviceEntry) =>
    run(async () => {
      if (await removeModuleEntry(api, entry)) setSelected(null);
    });
  const rename = (entry: DeviceEntry) => run(() => renameModuleEntry(api, entry, cwd));
  const mkdir = () => run(() => makeModuleFolder(api, cwd));
  const setMain = (entry: DeviceEntry) => run(() => setModuleMain(api, entry));

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    if (!path) return;
    if (event.dataTransfer.types.includes(LOCAL_DRAG_TYPE)) {
      // From the local pane: files of the chosen folder, read by the backend.
      const drag = parseLocalDrag(event.dataTransfer.getData(LOCAL_DRAG_TYPE));
      const { grant, showHidden } = useLocalFolder.getState();
      if (drag && grant && drag.grant === grant.id)
        void pushLocalSelection(api, path, grant, drag.entries, cwd, showHidden);
      return;
    }
    void filesFromDrop(event.dataTransfer).then(upload);
  };

  const usedPct = free && free.total > 0 ? Math.round(((free.total - free.free) / free.total) * 100) : 0;

  return (
    <section
      className={`file-pane module-pane${dragging ? ' dragging' : ''}`}
      data-testid="module-pane"
      onDragOver={(e) => {
        if (!path) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
        setDragging(true);
      }}
      onDragLeave={(e) => {
        if (e.currentTarget === e.target) setDragging(false);
      }}
      onDrop={onDrop}
    >
      <header className="pane-header">
        <h2>{t('files.module')}</h2>
        <div className="segmented" role="tablist">
          {ROOTS.map((r) => (
            <button
              key={r}
              type="button"
              role="tab"
              aria-selected={root === r}
              className={root === r ? 'active' : ''}
              onClick={() => setCwd(r)}
              data-testid={`module-root-${r.slice(1)}`}
            >
              {r}
            </button>
          ))}
        </div>
        <span className="spacer" />
        <button
          type="button"
          className="icon-button"
          onClick={() => void refresh()}
          disabled={!path}
          title={t('files.refresh')}
          aria-label={t('files.refresh')}
        >
          ⟳
        </button>
      </header>
      <div className="pane-toolbar">
        <button
          type="button"
          className="btn btn-sm"
          disabled={!path || busy}
          onClick={() => filesInput.current?.click()}
          data-testid="upload-files"
        >
          {t('files.uploadFiles')}
        </button>
        <button
          type="button"
          className="btn btn-sm"
          disabled={!path || busy}
          onClick={() => folderInput.current?.click()}
          data-testid="upload-folder"
        >
          {t('files.uploadFolder')}
        </button>
        <button
          type="button"
          className="btn btn-sm"
          disabled={!path || busy}
          onClick={() => void mkdir()}
          data-testid="module-mkdir"
        >
          {t('files.newFolder')}
        </button>
        <button
          type="button"
          className="btn btn-sm"
          disabled={!path || !localDir || busy}
          onClick={() => onSync(cwd)}
          data-testid="sync-open"
          title={t('files.syncHint')}
        >
          {t('files.sync')}
        </button>
        <input
          ref={filesInput}
          type="file"
          multiple
          hidden
          data-testid="upload-files-input"
          onChange={(e) => {
            const picked = filesFromInput(e.target.files ?? []);
            e.target.value = '';
            void upload(picked);
          }}
        />
        <input
          ref={(el) => {
            folderInput.current = el;
            el?.setAttribute('webkitdirectory', '');
          }}
          type="file"
          multiple
          hidden
          data-testid="upload-folder-input"
          onChange={(e) => {
            const picked = filesFromInput(e.target.files ?? []);
            e.target.value = '';
            void upload(picked);
          }}
        />
      </div>
      <div className="breadcrumb mono small" data-testid="module-cwd">
        {parentOf(cwd) ? (
          <button
            type="button"
            className="link-button"
            onClick={() => setCwd(parentOf(cwd)!)}
            aria-label={t('files.up')}
          >
            ↰
          </button>
        ) : null}
        {cwd}
      </div>
      {!path ? <p className="muted small pane-empty">{t('files.connectFirst')}</p> : null}
      {path && entries && entries.length === 0 ? <p className="muted small pane-empty">{t('files.emptyDir')}</p> : null}
      <ul className="file-list" data-testid="module-list">
        {(entries ?? []).map((entry) => {
          const isSelected = selected === entry.path;
          const isPy = entry.type === 'file' && entry.name.endsWith('.py');
          return (
            <li
              key={entry.path}
              className={`file-row${isSelected ? ' selected' : ''}`}
              data-testid="module-entry"
              data-name={entry.name}
              data-type={entry.type}
              onClick={() => setSelected(entry.path)}
              onDoubleClick={() => (entry.type === 'dir' ? setCwd(entry.path) : void openModuleFile(api, entry.path))}
            >
              <span className={`file-icon file-icon-${entry.type}`} aria-hidden>
                {entry.type === 'dir' ? '▸' : isPy ? 'py' : '·'}
              </span>
              <span className="file-name" translate="no" title={entry.path}>
                {entry.name}
                {entry.path === '/usr/main.py' ? (
                  <span className="badge badge-main">{t('files.bootBadge')}</span>
                ) : null}
              </span>
              <span className="file-size muted small">{entry.type === 'file' ? formatBytes(entry.size) : ''}</span>
              {isSelected ? (
                <span className="row-actions" onDoubleClick={(e) => e.stopPropagation()}>
                  {entry.type === 'file' ? (
                    <>
                      <button
                        type="button"
                        className="btn btn-xs"
                        onClick={() => void openModuleFile(api, entry.path)}
                        data-testid="entry-open"
                      >
                        {t('files.open')}
                      </button>
                      {isPy ? (
                        <button
                          type="button"
                          className="btn btn-xs"
                          onClick={() => void runModuleFile(api, entry.path)}
                          data-testid="entry-run"
                        >
                          ▶ {t('files.run')}
                        </button>
                      ) : null}
                      {isPy && entry.path !== '/usr/main.py' ? (
                        <button
                          type="button"
                          className="btn btn-xs"
                          onClick={() => void setMain(entry)}
                          data-testid="entry-set-main"
                          title={t('files.setMainHint')}
                        >
                          {t('files.setMain')}
                        </button>
                      ) : null}
                      <button
                        type="button"
                        className="btn btn-xs"
                        onClick={() => path && void downloadToBrowser(api, path, entry.path, entry.size)}
                        data-testid="entry-download"
                      >
                        {t('files.download')}
                      </button>
                      {localGrant && localDir ? (
                        <button
                          type="button"
                          className="btn btn-xs"
                          onClick={() =>
                            path &&
                            void pullToFolder(
                              api,
                              path,
                              entry.path,
                              entry.size,
                              localRef(localGrant, joinRel(localRel, baseName(entry.path))),
                            ).then((ok) => ok && useLocalFolder.getState().bump())
                          }
                          data-testid="entry-pull"
                          title={t('files.pullHint', { dir: localDir })}
                        >
                          {t('files.pull')}
                        </button>
                      ) : null}
                    </>
                  ) : null}
                  <button
                    type="button"
                    className="btn btn-xs"
                    onClick={() => void rename(entry)}
                    data-testid="entry-rename"
                  >
                    {t('files.rename')}
                  </button>
                  <button
                    type="button"
                    className="btn btn-xs btn-danger"
                    onClick={() => void remove(entry)}
                    data-testid="entry-delete"
                  >
                    {t('files.delete')}
                  </button>
                </span>
              ) : null}
            </li>
          );
        })}
      </ul>
      {dragging ? <div className="drop-hint">{t('files.dropHint', { dir: cwd })}</div> : null}
      {free ? (
        <footer className="free-space small" data-testid="module-free">
          <div className="progress thin">
            <div className={`progress-fill${usedPct > 90 ? ' warn' : ''}`} style={{ width: `${usedPct}%` }} />
          </div>
          <span className="muted">
            {t('files.free', { free: formatBytes(free.free), total: formatBytes(free.total) })}
          </span>
        </footer>
      ) : null}
    </section>
  );
};
