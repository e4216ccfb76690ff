import type { DeviceEntry, SyncPlan, SyncResult, TransferResult } from '../../shared/api/device';
import { safeName } from './terminal-safe';

export const kb = (bytes: number): string => (bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`);

const rateOf = (bytes: number, ms: number): string => `${kb(Math.round((bytes * 1000) / Math.max(ms, 1)))}/s`;

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

export const describePush = (r: TransferResult): string =>
  r.unchanged
    ? `${safeName(r.remote)}: unchanged (${kb(r.bytes)}, ${r.verified} matches; --force sends it anyway)`
    : `${safeName(r.remote)}: ${kb(r.bytes)} in ${seconds(r.durationMs)} (${rateOf(r.bytes, r.durationMs)}, ${r.encoding}${r.compressed ? '+deflate' : ''}, ${r.verified} verified)`;

export const describePlan = (plan: SyncPlan): string => {
  const lines = [
    ...plan.mkdirs.map((d) => `  mkdir    ${safeName(d)}`),
    ...plan.new.map((i) => `  new      ${safeName(i.remote)} (${kb(i.size)})`),
    ...plan.changed.map((i) => `  changed  ${safeName(i.remote)} (${kb(i.size)})`),
    ...plan.toDelete.map(
      (i) =>
        `  ${plan.deleteExtra ? 'delete ' : 'extra  '}  ${safeName(i.remote)}${plan.deleteExtra ? '' : ' (kept; --delete removes it)'}`,
    ),
  ];
  return `${plan.new.length} new, ${plan.changed.length} changed, ${plan.unchanged.length} unchanged, ${plan.toDelete.length} ${plan.deleteExtra ? 'to delete' : 'only on the module'}; ${kb(plan.bytesToSend)} to send${lines.length ? `\n${lines.join('\n')}` : ''}`;
};

export const describeSync = (r: SyncResult): string =>
  `synced ${safeName(r.plan.localDir)} → ${safeName(r.plan.remoteDir)}: ${r.pushed} pushed (${kb(r.bytes)}), ${r.deleted} deleted, ${r.plan.unchanged.length} unchanged, in ${seconds(r.durationMs)}`;

/** `ls` lines: size (or <dir>) then the path, folders ending in /. */
export const formatEntries = (entries: DeviceEntry[]): string =>
  entries
    .map(
      (e) =>
        `${e.type === 'dir' ? '     <dir>' : String(e.size).padStart(10)}  ${safeName(e.path)}${e.type === 'dir' ? '/' : ''}`,
    )
    .join('\n');
