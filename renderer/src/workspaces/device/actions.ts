import { create } from 'zustand';
import type { Api } from '../../../../shared/contract';
import type { ExecResult } from '../../../../shared/api/device';
import type { LocalRef } from '../../../../shared/api/local';
import { fail, type ApiError, type Result } from '../../../../shared/result';
import { i18next } from '../../i18n';
import { useDeviceStore } from './connection/device-store';
import { isDirty, useEditorStore, type EditorTab } from './editor/editor-store';
import { askText } from './prompt-dialog';
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
export const runCode = (api: Api, code: string, label: string): Promise<void> =>
  runStreaming(api, label, (path) => api.deviceRunCode({ path, code, interrupt: true }));

/** Runs a file that is on the module, streaming its output to the terminal until it ends or is interrupted. */
export const runModuleFile = (api: Api, remote: string): Promise<void> =>
  runStreaming(api, remote, (path) => api.deviceRunFile({ path, remote, interrupt: true }));

/** Runs the active editor tab: a saved module file runs from the module, anything else runs as a buffer. */
export const runTab = async (api: Api, tab: EditorTab): Promise<void> => {
  if (tab.source.kind === 'module' && !isDirty(tab)) return runModuleFile(api, tab.source.remote);
  return runCode(api, tab.text, tab.title);
};

const confirmReplace = () => window.confirm(t('editor.confirmReplace'));

export const openModuleFile = async (api: Api, remote: string): Promise<void> => {
  const path = requirePath();
  if (!path) return;
  const result = await api.deviceRead({ path, remote, interrupt: false });
  if (!result.ok) return report(result.error);
  const text = decodeText(result.value.data);
  if (text === null) return report(fail('BAD_REQUEST', t('errors.notText', { name: remote })).error);
  useEditorStore
    .getState()
    .open(
      { title: baseName(remote), source: { kind: 'module', remote }, text },
      confirmReplace,
      t('editor.confirmReplace'),
    );
};

export const openLocalFile = async (api: Api, ref: LocalRef, localPath: string): Promise<void> => {
  const result = await api.localRead(ref);
  if (!result.ok) return report(result.error);
  const text = decodeText(result.value.data);
  if (text === null) return report(fail('BAD_REQUEST', t('errors.notText', { name: localPath })).error);
  useEditorStore
    .getState()
    .open(
      { title: result.value.name, source: { kind: 'local', path: localPath, ref }, text },
      confirmReplace,
      t('editor.confirmReplace'),
    );
};

export const validRemotePath = (value: string): string | null =>
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
