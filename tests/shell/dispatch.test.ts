import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withBackend } from './helpers';

describe('dispatcher', () => {
  let ctx: Awaited<ReturnType<typeof withBackend>>;
  const web = { shell: 'web' as const, clientId: 't' };
  beforeAll(async () => {
    ctx = await withBackend({
      listPorts: async () => {
        throw new Error('udev exploded');
      },
    });
  });
  afterAll(() => ctx.dispose());

  it('turns an unexpected failure into INTERNAL without throwing', async () => {
    const result = await ctx.backend.dispatch('portsList', {}, web);
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    if (!result.ok) expect(result.error.message).toContain('udev exploded');
  });

  it('turns an AppError into its own code and message', async () => {
    const result = await ctx.backend.dispatch('openExternal', { url: 'https://evil.example/x' }, web);
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    if (!result.ok) expect(result.error.message).toContain('evil.example');
  });

  it('treats a missing request as an empty object', async () => {
    const result = await ctx.backend.dispatch('appInfo', undefined, web);
    expect(result).toMatchObject({ ok: true, value: { name: 'QPY Studio', shell: 'web' } });
  });

  it('rejects a non-object request with BAD_REQUEST', async () => {
    const result = await ctx.backend.dispatch('appInfo', 'hello', web);
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });
});
