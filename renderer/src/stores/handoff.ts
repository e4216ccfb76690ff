import { create } from 'zustand';
import { useUiStore } from './ui';

/*
 * Cross-workspace hand-offs. The sending area puts a request here and switches workspace; the receiving area
 * reads it (subscribe with a selector, or `take…()` once on mount/change) and clears it by taking it.
 * `nonce` changes on every request so the same profile or file can be handed over twice in a row.
 */

/** "Open in MQTT console": select (and optionally connect) a saved profile. */
export interface MqttProfileHandoff {
  profileId: string;
  /** Connect right away after selecting it. */
  connect: boolean;
  nonce: number;
}

/** "Open in editor": a file for the Device workspace's editor. */
export interface EditorFileHandoff {
  /** Where the file belongs on the module, e.g. '/usr/main.py'. */
  remotePath: string;
  content: string;
  nonce: number;
}

interface HandoffState {
  mqttProfile: MqttProfileHandoff | null;
  editorFile: EditorFileHandoff | null;
  /** Hands a profile to the MQTT console and switches to it. */
  openProfileInMqtt(profileId: string, options?: { connect?: boolean }): void;
  /** Hands a file to the Device workspace's editor and switches to it. */
  openFileInEditor(remotePath: string, content: string): void;
  /** Returns the pending profile hand-off (if any) and clears it. */
  takeMqttProfile(): MqttProfileHandoff | null;
  /** Returns the pending editor hand-off (if any) and clears it. */
  takeEditorFile(): EditorFileHandoff | null;
}

let nonce = 0;

export const useHandoffStore = create<HandoffState>((set, get) => ({
  mqttProfile: null,
  editorFile: null,
  openProfileInMqtt: (profileId, options) => {
    set({ mqttProfile: { profileId, connect: options?.connect ?? false, nonce: ++nonce } });
    useUiStore.getState().setWorkspace('mqtt');
  },
  openFileInEditor: (remotePath, content) => {
    set({ editorFile: { remotePath, content, nonce: ++nonce } });
    useUiStore.getState().setWorkspace('device');
  },
  takeMqttProfile: () => {
    const pending = get().mqttProfile;
    if (pending) set({ mqttProfile: null });
    return pending;
  },
  takeEditorFile: () => {
    const pending = get().editorFile;
    if (pending) set({ editorFile: null });
    return pending;
  },
}));
