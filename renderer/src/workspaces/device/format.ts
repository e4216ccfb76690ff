/** Human sizes in binary units, the way file managers show them: 0 B, 999 B, 1.5 KB, 12 MB. */
export const formatBytes = (bytes: number): string => {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
};

export const formatRate = (bytesPerSecond: number): string =>
  bytesPerSecond > 0 && Number.isFinite(bytesPerSecond) ? `${formatBytes(bytesPerSecond)}/s` : '—';

/** 42 s, 3:05, 1:02:03; '—' while unknown. Rounds up so a transfer never shows 0 s before it ends. */
export const formatEta = (ms: number | null | undefined): string => {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return '—';
  const total = Math.ceil(ms / 1000);
  if (total < 60) return `${total} s`;
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
};

/** 0–100, safe for empty transfers. */
export const percent = (done: number, total: number): number =>
  total <= 0 ? (done > 0 ? 100 : 0) : Math.min(100, Math.max(0, Math.floor((done / total) * 100)));
