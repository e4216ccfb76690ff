import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIpcCallHandler, makeSenderCheck, type IpcInvokeEventLike } from '../../electron/ipc/adapter';
import { withBackend } from './helpers';

const APP_PAGE = 'file:///opt/QPY%20Studio/resources/app.asar/dist/renderer/index.html';
const appEvent = (url = APP_PAGE, parent?: unknown): IpcInvokeEventLike => ({
  sender: { id: 7 },
  senderFrame: { url, ...(parent ? { parent } : {}) },
});

describe('Electron IPC adapter', () => {
  let ctx: Awaited<ReturnType<typeof withBackend>>;
  let handle: ReturnType<typeof createIpcCallHandler>;
  beforeAll(async () => {
    ctx = await withBackend();
    const appUrl = new URL(APP_PAGE);
    handle = createIpcCallHandler({
      dispatch: ctx.backend.dispatch,
      isTrustedSender: makeSenderCheck((url) => url.protocol === 'file:' && url.pathname === appUrl.pathname),
    });
  });
  afterAll(() => ctx.dispose());

  it('answers a valid call from the app window', async () => {
    const result = await handle(appEvent(), 'portsList', {});
    expect(result.ok).toBe(true);
  });

  it('rejects an invalid request with BAD_REQUEST naming the field', async () => {
    const result = await handle(appEvent(), 'openExternal', { url: 'not a url' });
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    if (!result.ok) expect(result.error.message).toMatch(/url/);
  });

  it('rejects unknown fields (strict schemas) with BAD_REQUEST', async () => {
    const result = await handle(appEvent(), 'portsList', { extra: 1 });
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('rejects an unknown call name with UNKNOWN_CALL', async () => {
    const result = await handle(appEvent(), 'constructor', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL' } });
  });

  it.each([
    ['a remote page', appEvent('https://evil.example/index.html')],
    ['another local file', appEvent('file:///tmp/evil.html')],
    ['a sub-frame of the app page', appEvent(APP_PAGE, {})],
    ['a frame that is gone', { sender: { id: 7 }, senderFrame: null }],
    ['a frame with a malformed URL', appEvent('::::')],
  ])('rejects %s with FORBIDDEN before dispatching', async (_label, event) => {
    const result = await handle(event, 'portsList', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
