import type { DeviceProgress } from '../../shared/api/device';
import { kb } from './format';
import { safeName } from './terminal-safe';

const WIDTH = 24;

/** One progress line: bar, percent, bytes, rate, ETA and file count. */
export const progressLine = (p: DeviceProgress): string => {
  const ratio = p.bytesTotal ? p.bytesDone / p.bytesTotal : p.done ? 1 : 0;
  const bar = '█'.repeat(Math.round(ratio * WIDTH)).padEnd(WIDTH, '░');
  const eta = p.etaMs === null || p.done ? '' : ` ETA ${Math.ceil(p.etaMs / 1000)}s`;
  const files = p.filesTotal > 1 ? ` ${p.filesDone}/${p.filesTotal} files` : '';
  return `${bar} ${Math.floor(ratio * 100)}% ${kb(p.bytesDone)}/${kb(p.bytesTotal)} ${kb(p.rate)}/s${eta}${files}`;
};

interface ProgressBar {
  update(progress: DeviceProgress): void;
}

/** Progress on a stream (stderr): one line per port, redrawn in place; draws nothing when not enabled (no TTY). */
export const progressBar = (ports: string[], out: { write(text: string): unknown }, enabled: boolean): ProgressBar => {
  if (!enabled) return { update: () => undefined };
  const latest = new Map<string, DeviceProgress>();
  let drawn = 0;
  const draw = () => {
    const lines = ports.map((port) => {
      const p = latest.get(port);
      const name = ports.length > 1 ? `${safeName(port)} ` : '';
      return p ? `${name}${progressLine(p)}` : `${safeName(port)}  waiting…`;
    });
    const up = drawn ? `\x1b[${drawn}A` : '';
    out.write(`${up}${lines.map((l) => `\r\x1b[2K${l}`).join('\n')}\n`);
    drawn = lines.length;
  };
  return {
    update(progress) {
      latest.set(progress.path, progress);
      draw();
    },
  };
};
