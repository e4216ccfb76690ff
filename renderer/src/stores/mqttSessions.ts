import { create } from 'zustand';
import type { BrokerStatus, ProfileView, SessionStatus } from '../../../shared/api/mqtt';
import { bindSessionKey, logActions } from './mqttLog';

/** Profiles, live sessions and the embedded broker, as the MQTT console shows them. */
interface MqttSessionsState {
  profiles: ProfileView[];
  /** Latest status of every session this page knows, by session id. */
  sessions: Record<string, SessionStatus>;
  broker: BrokerStatus | null;
  selectedProfileId: string | null;
  /** Profile being edited: an id, 'new', or null when the form is closed. */
  editing: string | 'new' | null;
  setProfiles(profiles: ProfileView[]): void;
  upsertProfile(profile: ProfileView): void;
  removeProfile(id: string): void;
  setStatus(status: SessionStatus): void;
  setBroker(status: BrokerStatus): void;
  select(profileId: string | null): void;
  edit(target: string | 'new' | null): void;
}

const logKey = (status: SessionStatus) => status.profileId ?? status.sessionId;

export const useMqttSessionsStore = create<MqttSessionsState>((set, get) => ({
  profiles: [],
  sessions: {},
  broker: null,
  selectedProfileId: null,
  editing: null,
  setProfiles: (profiles) => {
    const selected = get().selectedProfileId;
    set({ profiles });
    if (selected && !profiles.some((p) => p.id === selected)) get().select(profiles[0]?.id ?? null);
    else if (!selected && profiles[0]) get().select(profiles[0].id);
  },
  upsertProfile: (profile) =>
    set((s) => {
      const exists = s.profiles.some((p) => p.id === profile.id);
      return {
        profiles: exists ? s.profiles.map((p) => (p.id === profile.id ? profile : p)) : [...s.profiles, profile],
      };
    }),
  removeProfile: (id) => {
    set((s) => ({ profiles: s.profiles.filter((p) => p.id !== id) }));
    if (get().selectedProfileId === id) get().select(get().profiles[0]?.id ?? null);
  },
  setStatus: (status) => {
    bindSessionKey(status.sessionId, logKey(status));
    set((s) => {
      const sessions = { ...s.sessions, [status.sessionId]: status };
      // A closed session stays only while it is the latest one of its profile (to show how it ended).
      for (const [id, other] of Object.entries(sessions)) {
        if (id !== status.sessionId && other.state === 'closed' && logKey(other) === logKey(status))
          delete sessions[id];
      }
      return { sessions };
    });
  },
  setBroker: (broker) => set({ broker }),
  select: (profileId) => {
    set({ selectedProfileId: profileId });
    logActions.setActive(profileId);
  },
  edit: (editing) => set({ editing }),
}));

/** The newest session of a profile (open or the one that just ended), if any. */
export const sessionOfProfile = (
  sessions: Record<string, SessionStatus>,
  profileId: string | null,
): SessionStatus | undefined => {
  if (!profileId) return undefined;
  let best: SessionStatus | undefined;
  for (const s of Object.values(sessions)) {
    if (s.profileId !== profileId) continue;
    if (!best || (best.state === 'closed' && s.state !== 'closed') || (s.state !== 'closed' && s.since > best.since))
      best = s;
  }
  return best;
};

export const isLive = (status: SessionStatus | undefined): status is SessionStatus =>
  !!status && status.state !== 'closed' && status.state !== 'refused';
