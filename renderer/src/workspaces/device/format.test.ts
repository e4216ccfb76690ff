import { describe, expect, it } from 'vitest';
import type { DeviceProgress } from '../../../../shared/api/device';
import { estimate, foldProgress, type Transfer } from './files/transfers-store';
import { formatBytes, formatEta, formatRate, percent } from './format';

describe('progress formatting', () => {
  it('formats sizes in binary units', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(20 * 1024)).toBe('20 KB');
    expect(formatBytes(3.25 * 1024 * 1024)).toBe('3.3 MB');
    expect(formatBytes(-1)).toBe('—');
  });

  it('formats rates, and a dash before there is one', () => {
    expect(formatRate(12_800)).toBe('13 KB/s');
    expect(formatRate(0)).toBe('—');
    expect(formatRate(Number.NaN)).toBe('—');
  });

  it('formats the time left, rounding up', () => {
    expect(formatEta(null)).toBe('—');
    expect(formatEta(1)).toBe('1 s');
    expect(formatEta(42_000)).toBe('42 s');
    expect(formatEta(185_000)).toBe('3:05');
    expect(formatEta(3_723_000)).toBe('1:02:03');
  });

  it('computes percentages safely', () => {
    expect(percent(50, 200)).toBe(25);
    expect(percent(0, 0)).toBe(0);
    expect(percent(5, 0)).toBe(100);
    expect(percent(300, 200)).toBe(100);
  });

  it('estimates rate and time left only once something moved', () => {
    expect(estimate(0, 1000, 5000)).toEqual({ rate: 0, etaMs: null });
    expect(estimate(500, 1000, 100)).toEqual({ rate: 0, etaMs: null });
    expect(estimate(500, 1500, 1000)).toEqual({ rate: 500, etaMs: 2000 });
  });

  it('folds per-file progress into a multi-file upload and passes a sync through', () => {
    const base: Transfer = {
      id: 'x',
      kind: 'push',
      label: '3 files',
      file: null,
      bytesDone: 1000,
      bytesTotal: 3000,
      filesDone: 1,
      filesTotal: 3,
      rate: 0,
      etaMs: null,
      startedAt: 0,
      operationId: 'x-1',
      baseBytes: 1000,
      state: 'running',
      cancelRequested: false,
    };
    const event: DeviceProgress = {
      path: 'sim://a',
      operationId: 'x-1',
      kind: 'push',
      file: '/usr/b.py',
      bytesDone: 500,
      bytesTotal: 1000,
      filesDone: 0,
      filesTotal: 1,
      rate: 999,
      etaMs: 1,
      done: false,
    };
    const folded = foldProgress(base, event, 1500);
    expect(folded.bytesDone).toBe(1500);
    expect(folded.bytesTotal).toBe(3000);
    expect(folded.rate).toBe(1000);
    expect(folded.etaMs).toBe(1500);
    expect(folded.file).toBe('/usr/b.py');

    const sync = foldProgress(
      { ...base, kind: 'sync', filesTotal: 5 },
      { ...event, kind: 'sync', bytesDone: 10, bytesTotal: 40, filesDone: 2, filesTotal: 5 },
      1500,
    );
    expect([sync.bytesDone, sync.bytesTotal, sync.filesDone, sync.rate, sync.etaMs]).toEqual([10, 40, 2, 999, 1]);
  });
});
