import { copyFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AppInfo } from '../../shared/api/app';
import { createBackend } from '../../electron/backend';
import { PROFILES_FILE_NAME } from '../../electron/mqtt/profile-store';
import { SECRET_KEY_FILE } from '../../electron/services/secret-box';
import { withBackend } from './helpers';

const web = { shell: 'web', clientId: 't' } as const;

const appInfo = async (backend: Awaited<ReturnType<typeof createBackend>>): Promise<AppInfo> => {
  const info = await backend.dispatch('appInfo', {}, web);
  if (!info.ok) throw new Error(info.error.message);
  return info.value as AppInfo;
};

describe('what the user must hear about at start', () => {
  it('nothing on a healthy data folder', async () => {
    const { backend, dispose } = await withBackend();
    try {
      expect((await appInfo(backend)).notices).toEqual([]);
    } finally {
      await dispose();
    }
  });

  it('profiles recovered from .bak and a replaced secret key reach appInfo, for the UI to show', async () => {
    const first = await withBackend();
    const options = { shell: 'web' as const, dataDir: first.dataDir, broker: { start: false } };
    const saved = await first.backend.dispatch(
      'profileSave',
      { name: 'dev', connection: { transport: 'mqtt', host: '127.0.0.1', port: 1883, clientId: 'c1' } },
      web,
    );
    expect(saved.ok).toBe(true);
    await first.backend.close();
    const file = join(first.dataDir, PROFILES_FILE_NAME);
    await copyFile(file, `${file}.bak`);
    await writeFile(file, '{"version": 1, "profiles": [');
    await writeFile(join(first.dataDir, SECRET_KEY_FILE), '');

    const again = await createBackend(options);
    try {
      const notices = (await appInfo(again)).notices ?? [];
      expect(notices.map((n) => n.kind).sort()).toEqual(['profiles', 'secrets']);
      expect(notices.find((n) => n.kind === 'profiles')?.message).toMatch(/damaged.*backup/);
      expect(notices.find((n) => n.kind === 'secrets')?.message).toMatch(/damaged/);
    } finally {
      await again.close();
      await first.dispose();
    }
  });
});
