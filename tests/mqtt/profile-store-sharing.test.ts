import { execFile, spawn } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { profileSaveSchema } from '../../shared/api/mqtt';
import { PROFILES_FILE_NAME, ProfileStore } from '../../electron/mqtt/profile-store';
import { createFileSecretBox } from '../../electron/services/secret-box';
import { makeTempDir } from './helpers';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

const req = (name: string) =>
  profileSaveSchema.parse({ name, connection: { host: '127.0.0.1', port: 1883 }, secrets: { password: 'pw' } });

const twoStores = async () => {
  const dataDir = await makeTempDir(cleanups);
  const secretBox = await createFileSecretBox(dataDir);
  const notices: string[] = [];
  const a = new ProfileStore({ dataDir, secretBox, onNotice: (m) => notices.push(m) });
  const b = new ProfileStore({ dataDir, secretBox });
  return { dataDir, secretBox, a, b, notices, file: join(dataDir, PROFILES_FILE_NAME) };
};

describe('ProfileStore shared by two front ends on one data folder', () => {
  it('two stores saving in turn and at once lose no profile', async () => {
    const { a, b } = await twoStores();
    expect(await a.list()).toEqual([]);
    expect(await b.list()).toEqual([]);
    await a.save(req('from-a'));
    await b.save(req('from-b'));
    expect((await a.list()).map((p) => p.name).sort()).toEqual(['from-a', 'from-b']);
    await Promise.all(Array.from({ length: 10 }, (_, i) => [a.save(req(`a${i}`)), b.save(req(`b${i}`))]).flat());
    expect(await a.list()).toHaveLength(22);
    const first = (await b.list()).find((p) => p.name === 'from-a')!;
    await b.delete(first.id);
    expect((await a.list()).map((p) => p.name)).not.toContain('from-a');
  });

  it('two real processes saving at the same time lose no profile', { timeout: 120_000 }, async () => {
    const { dataDir, a } = await twoStores();
    const script = join(process.cwd(), 'tests/mqtt/fixtures/save-profiles.ts');
    const run = (prefix: string) =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', script, dataDir, '12', prefix], { timeout: 90_000 });
    await Promise.all([run('p1'), run('p2'), a.save(req('in-test'))]);
    const names = (await a.list()).map((p) => p.name);
    expect(names).toHaveLength(25);
    expect(names).toEqual(expect.arrayContaining(['p1-0', 'p1-11', 'p2-0', 'p2-11', 'in-test']));
  });

  it("clean-up removes only temp files of processes that are gone, never another running process's", async () => {
    const { dataDir, file } = await twoStores();
    const alive = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    cleanups.push(async () => void alive.kill());
    const inFlight = `${file}.tmp-${alive.pid}-abcd1234`;
    const dead = `${file}.tmp-999999-deadbeef`;
    await writeFile(inFlight, '{"version":1,');
    await writeFile(dead, '{"half":');
    const fresh = new ProfileStore({ dataDir, secretBox: await createFileSecretBox(dataDir) });
    await fresh.list();
    const names = await readdir(dataDir);
    expect(names).toContain(`${PROFILES_FILE_NAME}.tmp-${alive.pid}-abcd1234`);
    expect(names).not.toContain(`${PROFILES_FILE_NAME}.tmp-999999-deadbeef`);
  });

  it('recovery from .bak is announced, and the damaged file never overwrites the good .bak', async () => {
    const { a, notices, file, dataDir, secretBox } = await twoStores();
    await a.save(req('one'));
    await a.save(req('two'));
    const good = await readFile(`${file}.bak`, 'utf8');
    await writeFile(file, '{"version":1,"profiles":[{"na');
    const recovering = new ProfileStore({ dataDir, secretBox, onNotice: (m) => notices.push(m) });
    expect((await recovering.list()).map((p) => p.name)).toEqual(['one']);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/damaged.*\.bak/);
    await recovering.list();
    expect(notices).toHaveLength(1);
    await recovering.save(req('three'));
    expect(await readFile(`${file}.bak`, 'utf8')).toBe(good);
    expect((await recovering.list()).map((p) => p.name)).toEqual(['one', 'three']);
    expect((await readdir(dataDir)).some((n) => n.startsWith(`${PROFILES_FILE_NAME}.damaged-`))).toBe(true);
  });
});
