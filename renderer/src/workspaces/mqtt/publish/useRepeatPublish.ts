import { useCallback, useEffect, useRef, useState } from 'react';

interface RepeatProgress {
  sent: number;
  total: number;
}

/**
 * start() publishes `total` times, one every `intervalMs`, through `publishOnce`; it stops early when a publish
 * fails, on stop(), or when the component goes away.
 */
export const useRepeatPublish = () => {
  const [running, setRunning] = useState<RepeatProgress | null>(null);
  const stopRef = useRef<(() => void) | null>(null);

  useEffect(() => () => stopRef.current?.(), []);

  const start = useCallback((total: number, intervalMs: number, publishOnce: () => Promise<boolean>) => {
    stopRef.current?.();
    let sent = 0;
    let stopped = false;
    setRunning({ sent, total });
    const stop = () => {
      stopped = true;
      clearInterval(timer);
      stopRef.current = null;
      setRunning(null);
    };
    const timer = setInterval(() => {
      if (stopped) return;
      if (sent >= total) return stop();
      sent++;
      setRunning({ sent, total });
      void publishOnce().then((ok) => (ok ? undefined : stop()));
      if (sent >= total) stop();
    }, intervalMs);
    stopRef.current = stop;
  }, []);

  const stop = useCallback(() => stopRef.current?.(), []);

  return { running, start, stop };
};
