import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';

const HISTORY_MAX = 30;

/** Topics published to, newest first, per connection (profile id), so one connection's topics never leak into another's. */
interface TopicHistoryState {
  byConnection: Record<string, string[]>;
  remember(connection: string, topic: string): void;
}

export const useMqttTopicHistoryStore = create<TopicHistoryState>()(
  persist(
    (set) => ({
      byConnection: {},
      remember: (connection, topic) =>
        set((s) => ({
          byConnection: {
            ...s.byConnection,
            [connection]: [topic, ...(s.byConnection[connection] ?? []).filter((x) => x !== topic)].slice(
              0,
              HISTORY_MAX,
            ),
          },
        })),
    }),
    {
      name: 'qpy.mqtt.topicHistory.v2',
      version: 1,
      storage: createJSONStorage(() => globalThis.localStorage),
      partialize: (s) => ({ byConnection: s.byConnection }),
      merge: (persisted, current) => {
        const saved = (persisted as { byConnection?: unknown } | undefined)?.byConnection;
        if (typeof saved !== 'object' || saved === null) return current;
        const byConnection: Record<string, string[]> = {};
        for (const [key, list] of Object.entries(saved)) {
          if (Array.isArray(list)) byConnection[key] = list.filter((x): x is string => typeof x === 'string');
        }
        return { ...current, byConnection };
      },
    },
  ),
);

const NONE: readonly string[] = [];

/** One connection's topic history (stable reference while it does not change). */
export const topicHistoryOf = (connection: string) => (s: TopicHistoryState) => s.byConnection[connection] ?? NONE;
