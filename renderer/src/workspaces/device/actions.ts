import { create } from 'zustand';
import type { Api } from '../../../../shared/contract';
import type { DeviceEntry, ExecResult } from '../../../../shared/api/device';
import type { LocalRef } from '../../../../shared/api/local';
import { fail, type ApiError, type Result } from '../../../../shared/result';
import { i18next } from '../../i18n';
import { useDeviceStore } from './connection/device-store';
import { isDirty, useEditorStore, type EditorTab, type TabSource } from './editor/editor-store';
import { askConfirm, askText } from '../../components/AppDialog';
import { printNote } from './terminal/terminal-bus';

const t = (key: string, options?: Record<string, unknown>) => i18next.t(`device:${key}`, options);

/** Bumped whenever the module's files changed, so the module pane re-lists. */
export const useModuleFilesVersion = create<{ version: number; bump(): void }>((set, get) => ({
  version: 0,
  bump: () => set({ version: get().version + 1 }),
}));

const report = (error: ApiError) => useDeviceStore.getState().report(error);

const connectedPath = (): string | null => {
  const { status, connectedPath: path } = useDeviceStore.getState();
  return status === 'connected' || status === 'busy' ? path : null;
};

const requirePath = (): string | null => {
  const path = connectedPath();
  if (!path) report(fail('NOT_CONNECTED', t('errors.notConnected')).error);
  return path;
};

export const baseName = (path: string): string => path.slice(path.replace(/[\\/]+$/, '').search(/[^\\/]*$/));

export const joinRemote = (dir: string, name: string): string =>
  `${dir.replace(/\/+$/, '')}/${name.replace(/^\/+/, '')}`;

export const decodeText = (data: Uint8Array): string | null => {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return null;
  }
};

/**
 * Resolves once the session's terminal has been quiet for `quietMs` (at most `maxMs`): the backend sends output in
 * frames every few tens of milliseconds, so the last of a program's output can arrive just after its call returns.
 */
const terminalQuiet = (api: Api, path: string, quietMs = 80, maxMs = 800): Promise<void> =>
  new Promise((resolve) => {
    const finish = () => {
      clearTimeout(timer);
      clearTimeout(limit);
      off();
      resolve();
    };
    let timer = setTimeout(finish, quietMs);
    const limit = setTimeout(finish, maxMs);
    const off = api.on('device.terminal', (frame) => {
      if (frame.path !== path) return;
      clearTimeout(timer);
      timer = setTimeout(finish, quietMs);
    });
  });

type RunCall = (path: string) => Promise<Result<ExecResult>>;

/** Runs something on the module; its output (and a traceback) streams to the terminal while it runs. */
const runStreaming = async (api: Api, label: string, run: RunCall): Promise<void> => {
  const path = requirePath();
  if (!path) return;
  printNote(`\n▶ ${t('notes.running', { name: label })}`);
  const result = await run(path);
  await terminalQuiet(api, path);
  if (result.ok) printNote(t('notes.finished', { name: label, ms: result.value.durationMs }));
  else if (result.error.code === 'PYTHON_ERROR') printNote(t('notes.failed', { name: label }));
  else report(result.error);
};

/** Runs code without saving it; its output streams to the terminal until it ends or is interrupted. */
const runCode = (api: Api, code: string, label: string): Promise<void> =>
  runStreaming(api, label, (path) => api.deviceRunCode({ path, code, interrupt: true }));

/** Runs a file that is on the module, streaming its output to the terminal until it ends or is interrupted. */
export const runModuleFile = (api: Api, remote: string): Promise<void> =>
  runStreaming(api, remote, (path) => api.deviceRunFile({ path, remote, interrupt: true }));

/** Runs the active editor tab: a saved module file runs from the module, anything else runs as a buffer. */
export const runTab = async (api: Api, tab: EditorTab): Promise<void> => {
  if (tab.source.kind === 'module' && !isDirty(tab)) return runModuleFile(api, tab.source.remote);
  return runCode(api, tab.text, tab.title);
};

/** Opens a file in a tab; when its tab has unsaved edits and the file's text differs, asks before replacing them. */
const openInTab = async (file: { title: string; source: TabSource; text: string }): Promise<void> => {
  const remoteOf = (source: TabSource) =>
    source.kind === 'module' ? `m:${source.remote}` : source.kind === 'local' ? `l:${source.path}` : null;
  const key = remoteOf(file.source);
  const open = useEditorStore.getState().tabs.find((tab) => key !== null && remoteOf(tab.source) === key);
  let replace = true;
  if (open && isDirty(open) && open.text !== file.text)
    replace = await askConfirm(t('dialog.replaceTitle'), t('editor.confirmReplace'), {
      confirmLabel: t('dialog.replace'),
      danger: true,
    });
  useEditorStore.getState().open(file, () => replace, t('editor.confirmReplace'));
};

export const openModuleFile = async (api: Api, remote: string): Promise<void> => {
  const path = requirePath();
  if (!path) return;
  const result = await api.deviceRead({ path, remote, interrupt: false });
  if (!result.ok) return report(result.error);
  const text = decodeText(result.value.data);
  if (text === null) return report(fail('BAD_REQUEST', t('errors.notText', { name: remote })).error);
  await openInTab({ title: baseName(remote), source: { kind: 'module', remote }, text });
};

export const openLocalFile = async (api: Api, ref: LocalRef, localPath: string): Promise<void> => {
  const result = await api.localRead(ref);
  if (!result.ok) return report(result.error);
  const text = decodeText(result.value.data);
  if (text === null) return report(fail('BAD_REQUEST', t('errors.notText', { name: localPath })).error);
  await openInTab({ title: result.value.name, source: { kind: 'local', path: localPath, ref }, text });
};

/** The "changed on module" notice's Reload: reads the module's copy into the tab. */
export const reloadChangedTab = async (api: Api, tab: EditorTab): Promise<void> => {
  if (tab.source.kind !== 'module') return;
  const known = tab.changedOnModule?.text;
  if (known !== undefined && known !== null) return useEditorStore.getState().resolveChanged(tab.id, { reload: known });
  const path = requirePath();
  if (!path) return;
  const result = await api.deviceRead({ path, remote: tab.source.remote, interrupt: false });
  if (!result.ok) return report(result.error);
  const text = decodeText(result.value.data);
  if (text === null) return report(fail('BAD_REQUEST', t('errors.notText', { name: tab.source.remote })).error);
  useEditorStore.getState().resolveChanged(tab.id, { reload: text });
};

/** One file operation on the connected module: reports its error and re-lists the module pane either way. */
const moduleFileOperation = async (call: (path: string) => Promise<Result<unknown>>): Promise<boolean> => {
  const path = requirePath();
  if (!path) return false;
  const result = await call(path);
  if (!result.ok) report(result.error);
  useModuleFilesVersion.getState().bump();
  return result.ok;
};

const validName = (value: string): string | null => (/^[^/\\]+$/.test(value) ? null : '/');

/** Deletes a file or a folder (with everything in it) after asking in the app's dialog. */
export const removeModuleEntry = async (api: Api, entry: DeviceEntry): Promise<boolean> => {
  const agreed = await askConfirm(
    t('dialog.deleteTitle'),
    t(entry.type === 'dir' ? 'files.confirmDeleteDir' : 'files.confirmDelete', { name: entry.path }),
    { confirmLabel: t('dialog.delete'), danger: true },
  );
  if (!agreed) return false;
  return moduleFileOperation((path) => api.deviceRemove({ path, remote: entry.path, recursive: entry.type === 'dir' }));
};

export const renameModuleEntry = async (api: Api, entry: DeviceEntry, dir: string): Promise<boolean> => {
  const name = await askText(
    t('files.renameTitle'),
    t('files.renameLabel', { name: entry.name }),
    entry.name,
    validName,
  );
  if (!name || name === entry.name) return false;
  return moduleFileOperation((path) => api.deviceRename({ path, from: entry.path, to: joinRemote(dir, name) }));
};

export const makeModuleFolder = async (api: Api, dir: string): Promise<boolean> => {
  const name = await askText(t('files.newFolderTitle'), t('files.newFolderLabel', { dir }), '', validName);
  if (!name) return false;
  return moduleFileOperation((path) => api.deviceMkdir({ path, remote: joinRemote(dir, name) }));
};

export const setModuleMain = async (api: Api, entry: DeviceEntry): Promise<boolean> => {
  const agreed = await askConfirm(t('dialog.setMainTitle'), t('files.confirmSetMain', { name: entry.path }), {
    confirmLabel: t('dialog.setMain'),
  });
  if (!agreed) return false;
  const done = await moduleFileOperation((path) => api.deviceSetMain({ path, remote: entry.path }));
  if (done) useEditorStore.getState().noteModuleWrite('/usr/main.py', null);
  return done;
};

const validRemotePath = (value: string): string | null =>
  /^\/(usr|bak)(\/[^/]+)+$/.test(value) && !value.endsWith('/') ? null : t('errors.remotePath');

/** Pushes text to the module (atomic and verified by the backend). */
const pushText = async (api: Api, remote: string, text: string): Promise<boolean> => {
  const path = requirePath();
  if (!path) return false;
  const result = await api.devicePush({ path, remote, data: text });
  if (!result.ok) {
    report(result.error);
    return false;
  }
  useModuleFilesVersion.getState().bump();
  return true;
};

export const saveTabAs = async (api: Api, tab: EditorTab): Promise<boolean> => {
  const suggested =
    tab.source.kind === 'module'
      ? tab.source.remote
      : joinRemote('/usr', tab.source.kind === 'untitled' ? 'main.py' : tab.title);
  const remote = await askText(t('editor.saveAsTitle'), t('editor.saveAsLabel'), suggested, validRemotePath);
  if (!remote) return false;
  const text = tab.text;
  if (!(await pushText(api, remote, text))) return false;
  useEditorStore.getState().markSaved(tab.id, text, { kind: 'module', remote }, baseName(remote));
  return true;
};

/** Saves a tab where it belongs: module files to the module, local files to disk, the rest asks for a module path. */
export const saveTab = async (api: Api, tab: EditorTab): Promise<boolean> => {
  const text = tab.text;
  if (tab.source.kind === 'module') {
    if (!(await pushText(api, tab.source.remote, text))) return false;
    useEditorStore.getState().markSaved(tab.id, text);
    printNote(t('notes.saved', { name: tab.source.remote }));
    return true;
  }
  if (tab.source.kind === 'local') {
    const result = await api.localWrite({ ...tab.source.ref, data: text });
    if (!result.ok) {
      report(result.error);
      return false;
    }
    useEditorStore.getState().markSaved(tab.id, text);
    return true;
  }
  return saveTabAs(api, tab);
};
