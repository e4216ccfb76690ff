import { create } from 'zustand';

/**
 * Hand-off into the MQTT console from other areas (e.g. the cloud wizard's "Open in MQTT console"):
 * save the profile first (profileSave), then call openInMqttConsole(profile.id). The console selects it,
 * connects when asked, and clears the request.
 */
interface MqttHandoffState {
  request: { profileId: string; connect: boolean } | null;
  clear(): void;
}

export const useMqttHandoffStore = create<MqttHandoffState>((set) => ({
  request: null,
  clear: () => set({ request: null }),
}));

export const openInMqttConsole = (profileId: string, options: { connect?: boolean } = {}): void =>
  useMqttHandoffStore.setState({ request: { profileId, connect: options.connect ?? false } });
