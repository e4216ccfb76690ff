import { useEditorStore } from '../workspaces/device/editor/editor-store';
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
 * unsaved until the user saves it there. When that file's tab has unsaved edits, `confirm` decides whether to
 * replace them (otherwise the tab is just focused).
 */
export const openFileInEditor = (
  remotePath: string,
  content: string,
  confirm?: { ask: (message: string) => boolean; message: string },
): void => {
  const title = remotePath.slice(remotePath.lastIndexOf('/') + 1) || remotePath;
  useEditorStore
    .getState()
    .open(
      { title, source: { kind: 'module', remote: remotePath }, text: content, unsaved: true },
      confirm?.ask,
      confirm?.message,
    );
  useUiStore.getState().setWorkspace('device');
};
