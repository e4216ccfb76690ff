import { useEffect, useRef, useState } from 'react';
import { logActions, useMqttLogStore } from '../../stores/mqttLog';

type TextField = 'topic' | 'text';

/**
 * A log filter text box: what is typed shows at once and applies to the log once typing pauses. Text still
 * pending when the user switches connection goes to the connection it was typed for, never to the next one.
 */
export const useFilterInput = (field: TextField, delayMs: number): [string, (value: string) => void] => {
  const activeKey = useMqttLogStore((s) => s.activeKey);
  const [input, setInput] = useState(() => useMqttLogStore.getState().filter[field]);
  const pending = useRef<{ key: string | null; value: string; timer: ReturnType<typeof setTimeout> } | null>(null);

  const flush = () => {
    const p = pending.current;
    if (!p) return;
    clearTimeout(p.timer);
    pending.current = null;
    logActions.setFilter(field === 'topic' ? { topic: p.value } : { text: p.value }, p.key);
  };
  const flushRef = useRef(flush);
  flushRef.current = flush;

  const change = (value: string) => {
    setInput(value);
    if (pending.current) clearTimeout(pending.current.timer);
    pending.current = {
      key: useMqttLogStore.getState().activeKey,
      value,
      timer: setTimeout(() => flushRef.current(), delayMs),
    };
  };

  useEffect(() => {
    flushRef.current();
    setInput(useMqttLogStore.getState().filter[field]);
  }, [activeKey, field]);
  useEffect(() => () => flushRef.current(), []);

  return [input, change];
};
