import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSettingsStore } from '../../electron/services/settings';
import { withBackend } from './helpers';

describe('settings and remembered ports', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'qpy-settings-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('keeps typed port paths newest first, without duplicates, across restarts', async () => {
    const store = await createSettingsStore(dir);
    await store.rememberPort('/tmp/ttyA');
    await store.rememberPort('/tmp/ttyB');
    await store.rememberPort('/tmp/ttyA');
    const again = await createSettingsStore(dir);
    expect(again.get().recentPorts).toEqual(['/tmp/ttyA', '/tmp/ttyB']);
  });

  it('sets a damaged settings file aside and starts from defaults instead of failing', async () => {
    await writeFile(join(dir, 'settings.json'), '{"recentPorts": [1, 2');
    const store = await createSettingsStore(dir);
    expect(store.get().recentPorts).toEqual([]);
    expect(await readFile(join(dir, 'settings.json.corrupt'), 'utf8')).toContain('recentPorts');
  });

  it('lists a remembered path as an entered port, and rejects an empty one with a clear message', async () => {
    const ctx = await withBackend();
    const web = { shell: 'web' as const, clientId: 't' };
    try {
      expect(await ctx.backend.dispatch('portsRemember', { path: ' /tmp/ttyQPY ' }, web)).toMatchObject({ ok: true });
      const list = await ctx.backend.dispatch('portsList', {}, web);
      expect(list.ok && list.value).toEqual(
        expect.arrayContaining([expect.objectContaining({ path: '/tmp/ttyQPY', kind: 'manual' })]),
      );
      const bad = await ctx.backend.dispatch('portsRemember', { path: '   ' }, web);
      expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
      if (!bad.ok) expect(bad.error.message).toContain('enter a port path');
    } finally {
      await ctx.dispose();
    }
  });
});
