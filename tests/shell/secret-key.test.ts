import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppInfo } from '../../shared/api/app';
import type { ProfileView } from '../../shared/api/mqtt';
import { createBackend } from '../../electron/backend';
import { createFileSecretBox, SECRET_KEY_FILE } from '../../electron/services/secret-box';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'qpy-key-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const web = { shell: 'web' as const, clientId: 't' };

describe('the secret key file outside Electron', () => {
  it('is created once, atomically, mode 0600, even when several processes start at the same moment', async () => {
    const boxes = await Promise.all(Array.from({ length: 8 }, () => createFileSecretBox(dir)));
    const sealed = boxes[0]!.encrypt('s3cret');
    for (const box of boxes) {
      expect(box.decrypt(sealed)).toBe('s3cret');
      expect(box.notice).toBeUndefined();
    }
    const key = join(dir, SECRET_KEY_FILE);
    expect((await stat(key)).mode & 0o777).toBe(0o600);
    expect(Buffer.from((await readFile(key, 'utf8')).trim(), 'base64')).toHaveLength(32);
    expect(await readdir(dir)).toEqual([SECRET_KEY_FILE]);
  });

  it.each([
    ['empty', ''],
    ['truncated', Buffer.alloc(16, 1).toString('base64')],
    ['garbage', '\u0000\u0001not a key'],
  ])(
    'a %s key file does not stop the start: it is set aside, a new key made, and the notice says so',
    async (_n, body) => {
      const old = await createFileSecretBox(dir);
      const sealed = old.encrypt('s3cret');
      await writeFile(join(dir, SECRET_KEY_FILE), body);
      const box = await createFileSecretBox(dir);
      expect(box.notice).toMatch(/secret\.key.*damaged/);
      expect(box.notice).toMatch(/enter them again/);
      expect(() => box.decrypt(sealed)).toThrow(/enter it again/);
      expect(box.decrypt(box.encrypt('new'))).toBe('new');
      const names = await readdir(dir);
      expect(names.filter((n) => n.startsWith(`${SECRET_KEY_FILE}.damaged-`))).toHaveLength(1);
    },
  );

  it('the app still starts with an empty key; profiles show the secret as unreadable and can take a new one', async () => {
    const options = { shell: 'web' as const, dataDir: dir, listPorts: async () => [], broker: { start: false } };
    const first = await createBackend(options);
    const saved = await first.dispatch(
      'profileSave',
      {
        name: 'dev',
        connection: { transport: 'mqtt', host: '127.0.0.1', port: 1883, clientId: 'c1' },
        secrets: { password: 'p4ss' },
      },
      web,
    );
    expect(saved.ok).toBe(true);
    await first.close();
    await writeFile(join(dir, SECRET_KEY_FILE), '');

    const again = await createBackend(options);
    try {
      const info = await again.dispatch('appInfo', {}, web);
      expect((info.ok ? (info.value as AppInfo) : undefined)?.secretStorage).toMatchObject({
        kind: 'keyfile',
        notice: expect.stringMatching(/damaged/),
      });
      const list = await again.dispatch('profilesList', {}, web);
      const [profile] = (list.ok ? list.value : []) as ProfileView[];
      expect(profile!.secrets).toEqual({ password: true, keyPassphrase: false, unreadable: ['password'] });
      const reveal = await again.dispatch('profileRevealSecret', { id: profile!.id, field: 'password' }, web);
      expect(reveal).toMatchObject({ ok: false, error: { code: 'STORAGE_ERROR' } });
      const fixed = await again.dispatch(
        'profileSave',
        { id: profile!.id, name: profile!.name, connection: profile!.connection, secrets: { password: 'n3w' } },
        web,
      );
      expect(fixed.ok && (fixed.value as ProfileView).secrets).toEqual({ password: true, keyPassphrase: false });
    } finally {
      await again.close();
    }
  });
});
