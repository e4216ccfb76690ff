import { useEffect, useRef } from 'react';
import { useApi } from '../../api/context';
import { stripAnsi } from './device-target';

const MAX_CHARS = 16_000;

/**
 * The last lines the module printed on its REPL, so the script's progress (connect, publish, downlink) is visible
 * here too. Bytes are written straight into the <pre> (batched per animation frame), outside React rendering.
 */
export const ModuleOutput = ({ path }: { path: string }) => {
  const api = useApi();
  const pre = useRef<HTMLPreElement>(null);

  useEffect(() => {
    const decoder = new TextDecoder();
    let text = '';
    let frame = 0;
    const flush = () => {
      frame = 0;
      const el = pre.current;
      if (!el) return;
      const stick = el.scrollTop + el.clientHeight >= el.scrollHeight - 4;
      el.textContent = text;
      if (stick) el.scrollTop = el.scrollHeight;
    };
    const off = api.on('device.terminal', (event) => {
      if (event.path !== path) return;
      text = stripAnsi(text + decoder.decode(event.data, { stream: true }));
      if (text.length > MAX_CHARS) text = text.slice(text.length - MAX_CHARS);
      if (!frame) frame = requestAnimationFrame(flush);
    });
    return () => {
      off();
      if (frame) cancelAnimationFrame(frame);
    };
  }, [api, path]);

  return <pre className="module-output mono" ref={pre} data-testid="module-output" aria-live="polite" />;
};
