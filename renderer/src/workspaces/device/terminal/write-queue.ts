import type { Api } from '../../../../../shared/contract';
import type { ApiError } from '../../../../../shared/result';
import { PASTE_CHUNK_CHARS, pasteModeSequence, sendPaste } from './paste';

/** How long typed keys wait for a short file operation (listing, free space) to release the port. */
export const BUSY_RETRY_MS = 15_000;
const RETRY_STEP_MS = 60;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Keeps keystrokes and pastes in order: each write waits for the previous one, so a paste's chunks never
 * interleave with typing and Ctrl-C after a paste arrives after it. While a file operation owns the port the
 * backend refuses keystrokes (DEVICE_BUSY); they are retried for a few seconds instead of being lost.
 */
export const createWriteQueue = (
  api: Api,
  path: string,
  onError: (error: ApiError) => void,
  busyRetryMs = BUSY_RETRY_MS,
  /** Resolves true when the port may be written (keys typed while connecting wait), false to drop them. */
  whenOpen: () => Promise<boolean> = () => Promise.resolve(true),
) => {
  let tail: Promise<unknown> = Promise.resolve();
  const write = async (data: string): Promise<{ ok: true } | { ok: false; error: ApiError }> => {
    if (!(await whenOpen())) return { ok: true };
    const deadline = Date.now() + busyRetryMs;
    for (;;) {
      const result = await api.deviceWrite({ path, data });
      if (result.ok) return { ok: true };
      if (result.error.code !== 'DEVICE_BUSY' || Date.now() >= deadline) return result;
      await sleep(RETRY_STEP_MS);
    }
  };
  const enqueue = (job: () => Promise<ApiError | null>) => {
    tail = tail.then(job).then((error) => {
      if (error) onError(error);
    });
    return tail;
  };
  return {
    type: (data: string) =>
      enqueue(async () => {
        const result = await write(data);
        return result.ok ? null : result.error;
      }),
    paste: (text: string) => enqueue(() => sendPaste(text, write)),
    /** Runs text as one block through paste mode, even a single line (non-ASCII typed at the prompt). */
    pasteMode: (text: string) => enqueue(() => sendPaste(text, write, PASTE_CHUNK_CHARS, pasteModeSequence)),
    /** Resolves when everything queued so far was written. */
    idle: () => tail,
  };
};
