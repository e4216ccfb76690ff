import { create } from 'zustand';
import type { DeviceProgress } from '../../../../../shared/api/device';

export interface Transfer {
  id: string;
  kind: 'push' | 'pull' | 'sync';
  label: string;
  /** The file moving now. */
  file: string | null;
  bytesDone: number;
  bytesTotal: number;
  filesDone: number;
  filesTotal: number;
  /** Bytes per second over the whole transfer. */
  rate: number;
  etaMs: number | null;
  startedAt: number;
  /** The backend operation running now (what Cancel cancels). */
  operationId: string | null;
  /** Bytes of files finished before the current operation (a multi-file upload is one operation per file). */
  baseBytes: number;
  state: 'running' | 'done' | 'failed' | 'cancelled';
  cancelRequested: boolean;
  /** Files the module already held byte for byte, so the backend skipped them. */
  unchanged?: number;
}

/** Rate and time left from what has moved so far; no estimate in the first instants or without progress. */
export const estimate = (
  bytesDone: number,
  bytesTotal: number,
  elapsedMs: number,
): { rate: number; etaMs: number | null } => {
  if (elapsedMs < 200 || bytesDone <= 0) return { rate: 0, etaMs: null };
  const rate = (bytesDone / elapsedMs) * 1000;
  return { rate, etaMs: Math.max(0, ((bytesTotal - bytesDone) / rate) * 1000) };
};

/** A progress event of the transfer's current operation, folded into the transfer's totals. */
export const foldProgress = (transfer: Transfer, event: DeviceProgress, now: number): Transfer => {
  const perFile = transfer.kind !== 'sync' && transfer.filesTotal > 1;
  const bytesDone = perFile ? transfer.baseBytes + event.bytesDone : event.bytesDone;
  const bytesTotal = perFile ? transfer.bytesTotal : Math.max(event.bytesTotal, 0);
  const filesDone = perFile ? transfer.filesDone : event.filesDone;
  const filesTotal = perFile ? transfer.filesTotal : Math.max(event.filesTotal, transfer.filesTotal);
  const { rate, etaMs } = perFile
    ? estimate(bytesDone, bytesTotal, now - transfer.startedAt)
    : { rate: event.rate, etaMs: event.etaMs };
  return { ...transfer, bytesDone, bytesTotal, filesDone, filesTotal, rate, etaMs, file: event.file ?? transfer.file };
};

let counter = 0;

interface TransfersStore {
  transfers: Transfer[];
  start(init: { kind: Transfer['kind']; label: string; bytesTotal: number; filesTotal: number }): string;
  /** The next operation of a transfer begins (the files before it are done). */
  setOperation(id: string, operationId: string, file: string, baseBytes: number, filesDone: number): void;
  progress(event: DeviceProgress): void;
  finish(id: string, state: Transfer['state'], unchanged?: number): void;
  requestCancel(id: string): void;
  dismiss(id: string): void;
}

const update = (transfers: Transfer[], id: string, change: (t: Transfer) => Transfer) =>
  transfers.map((t) => (t.id === id ? change(t) : t));

export const useTransfers = create<TransfersStore>((set, get) => ({
  transfers: [],
  start: ({ kind, label, bytesTotal, filesTotal }) => {
    counter += 1;
    const id = `xfer-${Date.now().toString(36)}-${counter}`;
    const transfer: Transfer = {
      id,
      kind,
      label,
      file: null,
      bytesDone: 0,
      bytesTotal,
      filesDone: 0,
      filesTotal,
      rate: 0,
      etaMs: null,
      startedAt: Date.now(),
      operationId: null,
      baseBytes: 0,
      state: 'running',
      cancelRequested: false,
    };
    set({
      transfers: [
        ...get()
          .transfers.filter((t) => t.state === 'running')
          .slice(-4),
        transfer,
      ],
    });
    return id;
  },
  setOperation: (id, operationId, file, baseBytes, filesDone) =>
    set({
      transfers: update(get().transfers, id, (t) => {
        const { rate, etaMs } = estimate(baseBytes, t.bytesTotal, Date.now() - t.startedAt);
        return {
          ...t,
          operationId,
          file,
          baseBytes,
          filesDone,
          bytesDone: baseBytes,
          rate: rate || t.rate,
          etaMs: etaMs ?? t.etaMs,
        };
      }),
    }),
  progress: (event) => {
    const target = get().transfers.find((t) => t.operationId === event.operationId && t.state === 'running');
    if (!target) return;
    set({ transfers: update(get().transfers, target.id, (t) => foldProgress(t, event, Date.now())) });
  },
  finish: (id, state, unchanged = 0) =>
    set({
      transfers: update(get().transfers, id, (t) =>
        state === 'done'
          ? {
              ...t,
              state,
              bytesDone: t.bytesTotal,
              filesDone: t.filesTotal,
              etaMs: 0,
              ...(unchanged ? { unchanged } : {}),
            }
          : { ...t, state },
      ),
    }),
  requestCancel: (id) => set({ transfers: update(get().transfers, id, (t) => ({ ...t, cancelRequested: true })) }),
  dismiss: (id) => set({ transfers: get().transfers.filter((t) => t.id !== id) }),
}));
