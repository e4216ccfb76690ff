import { create } from 'zustand';
import type { PublishProperties, QoS } from '../../../shared/api/mqtt';
import type { PayloadFormat } from '../../../shared/mqtt/payload';

/** What "Republish" loads into a connection's publish panel. */
export interface PublishDraft {
  /** The connection (profile id) whose panel takes it. */
  connection: string;
  topic: string;
  payload: string;
  format: PayloadFormat;
  qos: QoS;
  retain: boolean;
  properties?: PublishProperties;
}

interface PublishDraftState {
  draft: PublishDraft | null;
  load(draft: PublishDraft): void;
  clear(): void;
}

/** Hand-off from a message's detail to the publish panel; the panel takes the draft and clears it. */
export const useMqttPublishDraftStore = create<PublishDraftState>((set) => ({
  draft: null,
  load: (draft) => set({ draft }),
  clear: () => set({ draft: null }),
}));
