import type { Api } from '../../../../../shared/contract';
import type { ApiError } from '../../../../../shared/result';
import { sendPaste } from './paste';

/**
 * Keeps keystrokes and pastes in order: each write waits for the previous one, so a paste's chunks never
 * interleave with typing and Ctrl-C after a paste arrives after it.
 */
export const createWriteQueue = (api: Api, path: string, onError: (error: ApiError) => void) => {
  let tail: Promise<unknown> = Promise.resolve();
  const enqueue = (job: () => Promise<ApiError | null>) => {
    tail = tail.then(job).then((error) => {
      if (error) onError(error);
    });
    return tail;
  };
  return {
    type: (data: string) =>
      enqueue(async () => {
        const result = await api.deviceWrite({ path, data });
        return result.ok ? null : result.error;
      }),
    paste: (text: string) => enqueue(() => sendPaste(text, (data) => api.deviceWrite({ path, data }))),
    /** Resolves when everything queued so far was written. */
    idle: () => tail,
  };
};
