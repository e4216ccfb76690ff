import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withBackend } from '../shell/helpers';

/** What a caller that got onto the socket (or a script injected into the page) could try with raw requests. */
describe('the UI cannot name arbitrary files on this computer', () => {
  let ctx: Awaited<ReturnType<typeof withBackend>>;
  let outside: string;
  const web = { shell: 'web' as const, clientId: 'web-1' };
  beforeAll(async () => {
    ctx = await withBackend();
    outside = await mkdtemp(join(tmpdir(), 'qpy-outside-'));
    await writeFile(join(outside, 'secret.txt'), 'top secret');
  });
  afterAll(async () => {
    await ctx.dispose();
    await rm(outside, { recursive: true, force: true });
  });

  it('refuses to read, list or write an absolute path', async () => {
    const read = await ctx.backend.dispatch('localRead', { path: join(outside, 'secret.txt') }, web);
    expect(read.ok).toBe(false);
    const secretKey = await ctx.backend.dispatch('localRead', { path: join(ctx.dataDir, 'secret.key') }, web);
    expect(secretKey.ok).toBe(false);
    const list = await ctx.backend.dispatch('localList', { dir: outside }, web);
    expect(list.ok).toBe(false);
    const home = await ctx.backend.dispatch('localList', {}, web);
    expect(home.ok).toBe(false);
    const write = await ctx.backend.dispatch('localWrite', { path: join(outside, 'planted.txt'), data: 'x' }, web);
    expect(write.ok).toBe(false);
    await expect(readFile(join(outside, 'planted.txt'))).rejects.toThrow();
  });

  it('refuses device transfers to or from an absolute local path', async () => {
    const push = await ctx.backend.dispatch(
      'devicePush',
      { path: 'sim://ec600n-modern', remote: '/usr/x.txt', localPath: join(outside, 'secret.txt') },
      web,
    );
    expect(push.ok).toBe(false);
    if (!push.ok) expect(push.error.code).toBe('BAD_REQUEST');
    const pull = await ctx.backend.dispatch(
      'devicePull',
      { path: 'sim://ec600n-modern', remote: '/usr/main.py', localPath: join(outside, 'pulled.py') },
      web,
    );
    expect(pull.ok).toBe(false);
    if (!pull.ok) expect(pull.error.code).toBe('BAD_REQUEST');
    const plan = await ctx.backend.dispatch('deviceSyncPlan', { path: 'sim://ec600n-modern', localDir: outside }, web);
    expect(plan.ok).toBe(false);
    if (!plan.ok) expect(plan.error.code).toBe('BAD_REQUEST');
  });

  it('refuses to save a payload to an absolute path', async () => {
    const saved = await ctx.backend.dispatch(
      'mqttFullPayload',
      { sessionId: 'nope', messageId: 1, savePath: join(outside, 'payload.bin') },
      web,
    );
    expect(saved.ok).toBe(false);
    if (!saved.ok) expect(saved.error.code).toBe('BAD_REQUEST');
  });
});
