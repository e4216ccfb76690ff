import { askConfirm } from '../components/AppDialog';
import { isDirty, useEditorStore } from '../workspaces/device/editor/editor-store';
import { openInMqttConsole } from './mqttHandoff';
import { useUiStore } from './ui';

/*
 * Cross-workspace hand-offs from the Cloud workspace. Each one puts the request where the receiving area reads it
 * (the MQTT console's hand-off store, the Device editor's tabs) and switches to that workspace.
 */

/** "Open in MQTT console": the console selects the saved profile (and connects when asked). */
export const openProfileInMqtt = (profileId: string, options: { connect?: boolean } = {}): void => {
  openInMqttConsole(profileId, options);
  useUiStore.getState().setWorkspace('mqtt');
};

/**
 * "Open in editor": a tab in the Device workspace's editor for the file as it should be on the module, marked
 * unsaved until the user saves it there. When that file's tab has unsaved edits that differ, the app's dialog asks
 * whether to replace them (otherwise the tab is just focused).
 */
export const openFileInEditor = async (
  remotePath: string,
  content: string,
  replaceQuestion: { title: string; message: string; confirmLabel: string },
): Promise<void> => {
  const title = remotePath.slice(remotePath.lastIndexOf('/') + 1) || remotePath;
  const source = { kind: 'module', remote: remotePath } as const;
  const open = useEditorStore
    .getState()
    .tabs.find((tab) => tab.source.kind === 'module' && tab.source.remote === remotePath);
  const replace =
    !open ||
    !isDirty(open) ||
    open.text === content ||
    (await askConfirm(replaceQuestion.title, replaceQuestion.message, {
      confirmLabel: replaceQuestion.confirmLabel,
      danger: true,
    }));
  useEditorStore
    .getState()
    .open({ title, source, text: content, unsaved: true }, () => replace, replaceQuestion.message);
  useUiStore.getState().setWorkspace('device');
};
