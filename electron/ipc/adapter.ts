import { fail, type Result } from '../../shared/result';
import type { Dispatch } from './dispatch';

/** The parts of an Electron IpcMainInvokeEvent the adapter needs (kept structural so it is testable in Node). */
export interface IpcInvokeEventLike {
  sender: { id: number };
  senderFrame: { url: string; parent?: unknown } | null;
}

interface IpcAdapterOptions {
  dispatch: Dispatch;
  /** True only for the app's own window and page (see makeSenderCheck). */
  isTrustedSender: (event: IpcInvokeEventLike) => boolean;
}

/** Handler for `ipcMain.handle('qpy:call', …)`: rejects untrusted senders, then dispatches. */
export const createIpcCallHandler =
  ({ dispatch, isTrustedSender }: IpcAdapterOptions) =>
  async (event: IpcInvokeEventLike, name: unknown, request: unknown): Promise<Result<unknown>> => {
    if (!isTrustedSender(event)) {
      return fail('FORBIDDEN', 'This window is not allowed to call QPY Studio.');
    }
    return dispatch(name, request, { shell: 'electron', clientId: `window-${event.sender.id}` });
  };

/**
 * A sender is trusted when it is a top-level frame whose URL is the app's own page; `appPageUrl` says which URL
 * that is (electron/main/main.ts passes the check for the app:// page).
 */
export const makeSenderCheck =
  (appPageUrl: (url: URL) => boolean) =>
  (event: IpcInvokeEventLike): boolean => {
    const frame = event.senderFrame;
    if (!frame || frame.parent) return false;
    try {
      return appPageUrl(new URL(frame.url));
    } catch {
      return false;
    }
  };
