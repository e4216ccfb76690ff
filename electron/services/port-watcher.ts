import type { PortInfo } from '../../shared/api/app';
import type { EmitEvent } from '../ipc/types';

interface PortWatcherOptions {
  list: () => Promise<PortInfo[]>;
  emit: EmitEvent;
  /** Only polls while someone is listening. */
  isWanted: () => boolean;
  intervalMs?: number;
}

/** Polls the port list and emits 'ports.changed' when a module appears, disappears or re-enumerates. */
export const startPortWatcher = ({ list, emit, isWanted, intervalMs = 2000 }: PortWatcherOptions) => {
  let last = '';
  let busy = false;
  const tick = async () => {
    if (busy || !isWanted()) return;
    busy = true;
    try {
      const ports = await list();
      const key = JSON.stringify(ports.map((p) => [p.path, p.role, p.label]));
      if (last && key !== last) emit('ports.changed', { ports });
      last = key;
    } catch {
      // A failed listing is retried on the next tick; the UI keeps the last list.
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  void tick();
  return { stop: () => clearInterval(timer) };
};
