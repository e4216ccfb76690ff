import { mkdtemp, mkdir, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LocalGrant, LocalPickResult } from '../../shared/api/local';
import { createLocalHandlers, type NativePickRequest } from '../../electron/handlers/local';
import { FileGrants } from '../../electron/local/grants';
import { PickSessions, PICK_TTL_MS } from '../../electron/local/pick-sessions';

const ctx = { shell: 'web' as const, clientId: 'test' };

const granted = (result: LocalPickResult): LocalGrant => {
  if (result.state !== 'granted') throw new Error(`expected a grant, got ${result.state}`);
  return result.grant;
};

describe('local files through grants', () => {
  let root: string;
  let project: string;
  let grants: FileGrants;
  const handlers = (picker?: (r: NativePickRequest) => Promise<string | null>) =>
    createLocalHandlers({ grants, home: () => root, ...(picker ? { picker } : {}) });
  const pickFolder = async (path: string) =>
    granted(await handlers(async () => path).localPick({ kind: 'folder', purpose: 'Project folder' }, ctx));

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'qpy-local-'));
    project = join(root, 'proj');
    await mkdir(join(project, 'lib'), { recursive: true });
    await writeFile(join(project, 'main.py'), 'print(1)\n');
    await writeFile(join(project, '中文.py'), 'x');
    await writeFile(join(root, 'secret.txt'), 'not for the UI');
    grants = new FileGrants();
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('lists a picked folder (folders first) with relative paths, and a subfolder with its parent', async () => {
    const asked: NativePickRequest[] = [];
    const h = handlers(async (request) => {
      asked.push(request);
      return project;
    });
    const grant = granted(await h.localPick({ kind: 'folder', purpose: 'Project folder', startAt: root }, ctx));
    expect(asked).toEqual([{ kind: 'folder', title: 'Project folder', defaultPath: root }]);
    expect(grant).toMatchObject({ kind: 'folder', name: 'proj', path: project });
    const listing = await h.localList({ grant: grant.id }, ctx);
    expect(listing).toMatchObject({ relPath: '', parentRelPath: null, path: project });
    expect(listing.entries.map((e) => [e.name, e.relPath, e.type, e.size])).toEqual([
      ['lib', 'lib', 'dir', 0],
      ['main.py', 'main.py', 'file', 9],
      ['中文.py', '中文.py', 'file', 1],
    ]);
    const sub = await h.localList({ grant: grant.id, relPath: 'lib' }, ctx);
    expect(sub).toMatchObject({ relPath: 'lib', parentRelPath: '', path: join(project, 'lib') });
  });

  it('a cancelled system dialog grants nothing', async () => {
    expect(await handlers(async () => null).localPick({ kind: 'folder', purpose: 'x' }, ctx)).toEqual({
      state: 'cancelled',
    });
  });

  it('reads and atomically writes inside the grant (creating parents, no temp file left)', async () => {
    const grant = await pickFolder(project);
    const h = handlers();
    const written = await h.localWrite({ grant: grant.id, relPath: 'sub/a.py', data: 'print("你好")\n' }, ctx);
    expect(written.bytes).toBe(new TextEncoder().encode('print("你好")\n').length);
    expect(await readFile(join(project, 'sub', 'a.py'), 'utf8')).toBe('print("你好")\n');
    await h.localWrite({ grant: grant.id, relPath: 'sub/a.py', data: new Uint8Array([1, 2, 3]) }, ctx);
    const read = await h.localRead({ grant: grant.id, relPath: 'sub/a.py' }, ctx);
    expect([...read.data]).toEqual([1, 2, 3]);
    expect(read.name).toBe('a.py');
    expect(await readdir(join(project, 'sub'))).toEqual(['a.py']);
  });

  it('refuses paths that leave the grant: .., absolute, a symbolic link pointing out', async () => {
    const grant = await pickFolder(project);
    const h = handlers();
    await symlink(root, join(project, 'escape'));
    await symlink(join(root, 'secret.txt'), join(project, 'secret-link.txt'));
    for (const relPath of ['../secret.txt', 'lib/../../secret.txt', join(root, 'secret.txt'), '/etc/passwd']) {
      await expect(h.localRead({ grant: grant.id, relPath }, ctx)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    await expect(h.localRead({ grant: grant.id, relPath: 'escape/secret.txt' }, ctx)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(h.localRead({ grant: grant.id, relPath: 'secret-link.txt' }, ctx)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(h.localList({ grant: grant.id, relPath: 'escape' }, ctx)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(
      h.localWrite({ grant: grant.id, relPath: 'escape/planted.txt', data: 'x' }, ctx),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(readFile(join(root, 'planted.txt'))).rejects.toThrow();
    await expect(h.localRead({ grant: 'made-up', relPath: 'main.py' }, ctx)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('a single picked file is readable, and nothing "inside" it', async () => {
    const grant = granted(
      await handlers(async () => join(project, 'main.py')).localPick({ kind: 'file', purpose: 'CA file' }, ctx),
    );
    const h = handlers();
    expect(new TextDecoder().decode((await h.localRead({ grant: grant.id }, ctx)).data)).toBe('print(1)\n');
    await expect(h.localRead({ grant: grant.id, relPath: '../secret.txt' }, ctx)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(h.localList({ grant: grant.id }, ctx)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('fails with a clear code for missing files and files given as folders', async () => {
    const grant = await pickFolder(project);
    const h = handlers();
    await expect(h.localList({ grant: grant.id, relPath: 'nope' }, ctx)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(h.localList({ grant: grant.id, relPath: 'main.py' }, ctx)).rejects.toMatchObject({
      code: 'LOCAL_IO',
    });
    await expect(h.localRead({ grant: grant.id, relPath: 'lib' }, ctx)).rejects.toMatchObject({ code: 'LOCAL_IO' });
    await expect(h.localWrite({ grant: grant.id, relPath: 'main.py/x.py', data: 'x' }, ctx)).rejects.toMatchObject({
      code: 'LOCAL_IO',
    });
  });

  describe("browser mode's picker (no system dialog)", () => {
    it('browses only while a pick is open, and the choice becomes a grant', async () => {
      const h = handlers();
      const started = await h.localPick({ kind: 'folder', purpose: 'Project folder' }, ctx);
      if (started.state !== 'picking') throw new Error('expected a pick');
      expect(started.listing.dir).toBe(root);
      expect(started.listing.entries.map((e) => e.name)).toEqual(['proj']); // folders only for a folder pick
      const inside = await h.localPickBrowse({ pick: started.pick, dir: project }, ctx);
      expect(inside.parent).toBe(root);
      const grant = granted(await h.localPickChoose({ pick: started.pick, path: project }, ctx));
      expect(grant.path).toBe(project);
      await expect(h.localPickBrowse({ pick: started.pick, dir: '/' }, ctx)).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
      await expect(h.localPickBrowse({ pick: 'guessed', dir: '/' }, ctx)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    });

    it('a cancelled pick grants nothing and closes; a file pick refuses a folder', async () => {
      const h = handlers();
      const pick = await h.localPick({ kind: 'file', purpose: 'CA file', extensions: ['py'] }, ctx);
      if (pick.state !== 'picking') throw new Error('expected a pick');
      const files = await h.localPickBrowse({ pick: pick.pick, dir: project }, ctx);
      expect(files.entries.map((e) => e.name)).toEqual(['lib', 'main.py', '中文.py']);
      await expect(h.localPickChoose({ pick: pick.pick, path: project }, ctx)).rejects.toMatchObject({
        code: 'BAD_REQUEST',
      });
      expect(await h.localPickChoose({ pick: pick.pick, path: null }, ctx)).toEqual({ state: 'cancelled' });
      await expect(h.localPickBrowse({ pick: pick.pick, dir: root }, ctx)).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
    });

    it('a save pick grants one new file by name', async () => {
      const h = handlers();
      const pick = await h.localPick({ kind: 'save', purpose: 'Save log', suggestedName: 'log.txt' }, ctx);
      if (pick.state !== 'picking') throw new Error('expected a pick');
      await expect(h.localPickChoose({ pick: pick.pick, path: project, name: '../x.txt' }, ctx)).rejects.toMatchObject({
        code: 'BAD_REQUEST',
      });
      // A bad name leaves the picker open for another try.
      const grant = granted(await h.localPickChoose({ pick: pick.pick, path: project, name: 'log.txt' }, ctx));
      await h.localWrite({ grant: grant.id, data: 'hello' }, ctx);
      expect(await readFile(join(project, 'log.txt'), 'utf8')).toBe('hello');
    });

    it('a pick left open expires', () => {
      let now = 1_000;
      const picks = new PickSessions(() => now);
      const session = picks.start('folder');
      expect(picks.get(session.id).kind).toBe('folder');
      now += PICK_TTL_MS + 1;
      expect(() => picks.get(session.id)).toThrow(/expired/);
    });
  });
});
