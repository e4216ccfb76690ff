import { useCallback } from 'react';
import { topicHistoryOf, useMqttTopicHistoryStore } from '../../../stores/mqttTopicHistory';

/** The topics this connection published to, newest first, and a way to add one. */
export const useTopicHistory = (connection: string) => {
  const history = useMqttTopicHistoryStore(topicHistoryOf(connection));
  const remember = useCallback(
    (topic: string) => useMqttTopicHistoryStore.getState().remember(connection, topic),
    [connection],
  );
  return { history, remember };
};

/** The topic a connection's publish panel starts with: the last one it published to. */
export const lastTopicOf = (connection: string): string =>
  useMqttTopicHistoryStore.getState().byConnection[connection]?.[0] ?? '';
