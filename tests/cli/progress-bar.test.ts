import { describe, expect, it } from 'vitest';
import type { DeviceProgress } from '../../shared/api/device';
import { progressBar, progressLine } from '../../electron/cli/progress-bar';

const progress = (over: Partial<DeviceProgress>): DeviceProgress => ({
  path: '/dev/a',
  operationId: 'op',
  kind: 'push',
  bytesDone: 0,
  bytesTotal: 2048,
  filesDone: 0,
  filesTotal: 1,
  rate: 1024,
  etaMs: 2000,
  done: false,
  ...over,
});

describe('progress bar', () => {
  it('draws bar, percent, bytes, rate, ETA and files', () => {
    expect(progressLine(progress({ bytesDone: 1024 }))).toBe(
      `${'█'.repeat(12)}${'░'.repeat(12)} 50% 1.0 KB/2.0 KB 1.0 KB/s ETA 2s`,
    );
    expect(progressLine(progress({ bytesDone: 2048, done: true, filesDone: 3, filesTotal: 3 }))).toBe(
      `${'█'.repeat(24)} 100% 2.0 KB/2.0 KB 1.0 KB/s 3/3 files`,
    );
  });

  it('redraws one line per port in place, and draws nothing when disabled', () => {
    const written: string[] = [];
    const out = { write: (t: string) => written.push(t) };
    const bar = progressBar(['/dev/a', '/dev/b'], out, true);
    bar.update(progress({ bytesDone: 1024 }));
    bar.update(progress({ path: '/dev/b', bytesDone: 2048 }));
    expect(written[0]).toContain('\r\x1b[2K/dev/a █');
    expect(written[0]).toContain('/dev/b  waiting…');
    expect(written[1]!.startsWith('\x1b[2A')).toBe(true);
    const quiet: string[] = [];
    progressBar(['/dev/a'], { write: (t: string) => quiet.push(t) }, false).update(progress({}));
    expect(quiet).toEqual([]);
  });
});
