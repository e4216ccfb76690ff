import { afterEach, describe, expect, it } from 'vitest';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { profileSaveSchema, type ProfileSaveRequest } from '../../shared/api/mqtt';
import { PROFILES_FILE_NAME, ProfileStore } from '../../electron/mqtt/profile-store';
import { createFileSecretBox, SECRET_KEY_FILE } from '../../electron/services/secret-box';
import { makeTempDir } from './helpers';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

const PASSWORD = 'pa55-Word!-very-secret';
const PASSPHRASE = 'key-passphrase-42';

const request = (extra: Partial<ProfileSaveRequest> = {}) =>
  profileSaveSchema.parse({
    name: 'Aliyun device',
    connection: {
      host: 'iot.example.com',
      port: 8883,
      transport: 'mqtts',
      username: 'dev&pk',
      tls: { caBundled: 'aliyun-root-ca.pem' },
    },
    subscriptions: [{ topic: '/pk/dev/user/get', qos: 1, color: '#f80', alias: 'downlink', muted: false }],
    templates: [{ name: 'report', topic: '/pk/dev/user/update', payload: '{"t":1}', format: 'json' }],
    secrets: { password: PASSWORD, keyPassphrase: PASSPHRASE },
    ...extra,
  });

const makeStore = async (extra: Partial<ConstructorParameters<typeof ProfileStore>[0]> = {}) => {
  const dataDir = await makeTempDir(cleanups);
  const secretBox = await createFileSecretBox(dataDir);
  const changes: number[] = [];
  const store = new ProfileStore({ dataDir, secretBox, onChange: (l) => changes.push(l.length), ...extra });
  return { store, dataDir, secretBox, changes, file: join(dataDir, PROFILES_FILE_NAME) };
};

describe('ProfileStore', () => {
  it('creates, edits, duplicates and deletes profiles, and reloads them from disk', async () => {
    const { store, dataDir, secretBox, changes } = await makeStore();
    const created = await store.save(request());
    expect(created.secrets).toEqual({ password: true, keyPassphrase: true });
    expect(JSON.stringify(created)).not.toContain(PASSWORD);
    const edited = await store.save(request({ id: created.id, name: 'Renamed', secrets: {} }));
    expect(edited.name).toBe('Renamed');
    expect((await store.get(created.id)).connection.password).toBe(PASSWORD);
    const copy = await store.duplicate(created.id);
    expect(copy.name).toBe('Renamed (copy)');
    expect(copy.id).not.toBe(created.id);
    expect((await store.get(copy.id)).connection.tls?.keyPassphrase).toBe(PASSPHRASE);
    await store.delete(created.id);
    const reloaded = new ProfileStore({ dataDir, secretBox });
    const list = await reloaded.list();
    expect(list.map((p) => p.name)).toEqual(['Renamed (copy)']);
    expect(list[0]?.subscriptions[0]).toMatchObject({ alias: 'downlink', color: '#f80' });
    expect(changes).toEqual([1, 1, 2, 1]);
    await expect(store.delete('missing')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('keeps secrets encrypted at rest, reveals them only on request, and clears them with null', async () => {
    const { store, file, dataDir } = await makeStore();
    const created = await store.save(request());
    const onDisk = await readFile(file, 'utf8');
    expect(onDisk).not.toContain(PASSWORD);
    expect(onDisk).not.toContain(PASSPHRASE);
    expect(onDisk).toContain('aesgcm1:');
    expect((await stat(join(dataDir, SECRET_KEY_FILE))).mode & 0o777).toBe(0o600);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await store.revealSecret(created.id, 'password')).toEqual({ value: PASSWORD });
    await store.save(request({ id: created.id, secrets: { password: null } }));
    expect(await store.revealSecret(created.id, 'password')).toEqual({ value: null });
    expect(await store.revealSecret(created.id, 'keyPassphrase')).toEqual({ value: PASSPHRASE });
  });

  it('a crash in the middle of a save keeps the old file intact', async () => {
    let crash = false;
    const { store, file, dataDir, secretBox } = await makeStore({
      beforeRename: () => {
        if (crash) throw new Error('simulated power loss');
      },
    });
    await store.save(request({ name: 'first' }));
    const before = await readFile(file, 'utf8');
    crash = true;
    await expect(store.save(request({ name: 'second' }))).rejects.toMatchObject({ code: 'STORAGE_ERROR' });
    expect(await readFile(file, 'utf8')).toBe(before);
    expect((await store.list()).map((p) => p.name)).toEqual(['first']);
    expect((await readdir(dataDir)).filter((f) => f.includes('.tmp-'))).toEqual([]);
    // A stray temp file from a killed process is ignored and cleaned on the next load.
    await writeFile(`${file}.tmp-999-dead`, '{"half": ');
    const fresh = new ProfileStore({ dataDir, secretBox });
    expect((await fresh.list()).map((p) => p.name)).toEqual(['first']);
    expect((await readdir(dataDir)).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('falls back to the .bak copy when the main file is damaged', async () => {
    const { store, file, dataDir, secretBox } = await makeStore();
    await store.save(request({ name: 'one' }));
    await store.save(request({ name: 'two' }));
    await writeFile(file, '{ damaged');
    const reopened = new ProfileStore({ dataDir, secretBox });
    expect((await reopened.list()).map((p) => p.name)).toEqual(['one']);
  });

  it('exports without secrets by default and imports them back with new ids', async () => {
    const { store } = await makeStore();
    const created = await store.save(request());
    const plain = await store.exportJson(undefined, false);
    expect(plain.count).toBe(1);
    expect(plain.json).not.toContain(PASSWORD);
    const withSecrets = await store.exportJson([created.id], true);
    expect(withSecrets.json).toContain(PASSWORD);
    const imported = await store.importJson(withSecrets.json);
    expect(imported).toHaveLength(1);
    expect(imported[0]!.id).not.toBe(created.id);
    expect(imported[0]!.name).toBe('Aliyun device 2');
    expect(await store.revealSecret(imported[0]!.id, 'password')).toEqual({ value: PASSWORD });
    const single = await store.importJson(JSON.stringify({ name: 'bare', connection: { host: 'h', port: 1883 } }));
    expect(single[0]?.connection).toMatchObject({ host: 'h', port: 1883, transport: 'mqtt', version: '3.1.1' });
  });

  it('rejects a malformed import naming the profile and field, and loses nothing', async () => {
    const { store, file } = await makeStore();
    await store.save(request({ name: 'keep me' }));
    const before = await readFile(file, 'utf8');
    const bad = JSON.stringify({
      profiles: [
        { name: 'fine', connection: { host: 'a', port: 1883 } },
        { name: 'broken', connection: { host: 'b', port: 70000 } },
      ],
    });
    await expect(store.importJson(bad)).rejects.toMatchObject({
      code: 'INVALID_PROFILE',
      message: expect.stringMatching(/Profile 2 \("broken"\).*connection\.port/),
    });
    await expect(store.importJson('{not json')).rejects.toMatchObject({
      code: 'INVALID_PROFILE',
      message: expect.stringContaining('not valid JSON'),
    });
    await expect(store.importJson('{"hello": 1}')).rejects.toMatchObject({ code: 'INVALID_PROFILE' });
    await expect(
      store.importJson(
        JSON.stringify([{ name: 'x', connection: { host: 'a', port: 1 }, subscriptions: [{ qos: 1 }] }]),
      ),
    ).rejects.toMatchObject({ code: 'INVALID_PROFILE', message: expect.stringContaining('subscriptions.0.topic') });
    expect(await readFile(file, 'utf8')).toBe(before);
    expect((await store.list()).map((p) => p.name)).toEqual(['keep me']);
  });

  it('refuses to decrypt with another key instead of returning garbage', async () => {
    const { store, dataDir } = await makeStore();
    const created = await store.save(request());
    const otherDir = await makeTempDir(cleanups);
    const otherBox = await createFileSecretBox(otherDir);
    const foreign = new ProfileStore({ dataDir, secretBox: otherBox });
    await expect(foreign.revealSecret(created.id, 'password')).rejects.toMatchObject({ code: 'STORAGE_ERROR' });
  });
});
