import { mkdtemp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { createLocalHandlers } from '../../electron/handlers/local';

const ctx = { shell: 'web' as const, clientId: 'test' };

describe('local file handlers', () => {
  let root: string;
  const handlers = () => createLocalHandlers({ home: () => root });
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'qpy-local-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('lists folders first, then files with sizes, and knows the parent', async () => {
    await mkdir(join(root, 'lib'));
    await writeFile(join(root, 'main.py'), 'print(1)\n');
    await writeFile(join(root, '中文.py'), 'x');
    const listing = await handlers().localList({}, ctx);
    expect(listing.dir).toBe(root);
    expect(listing.parent).not.toBeNull();
    expect(listing.entries.map((e) => [e.name, e.type, e.size])).toEqual([
      ['lib', 'dir', 0],
      ['main.py', 'file', 9],
      ['中文.py', 'file', 1],
    ]);
  });

  it('reads and atomically writes files (creating parents, no temp file left)', async () => {
    const h = handlers();
    const target = join(root, 'sub', 'a.py');
    const written = await h.localWrite({ path: target, data: 'print("你好")\n' }, ctx);
    expect(written.bytes).toBe(new TextEncoder().encode('print("你好")\n').length);
    expect(await readFile(target, 'utf8')).toBe('print("你好")\n');
    await h.localWrite({ path: target, data: new Uint8Array([1, 2, 3]) }, ctx);
    const read = await h.localRead({ path: target }, ctx);
    expect([...read.data]).toEqual([1, 2, 3]);
    expect(await readdir(join(root, 'sub'))).toEqual(['a.py']);
  });

  it('fails with a clear code for missing folders, files given as folders and relative paths', async () => {
    await writeFile(join(root, 'f.txt'), 'x');
    const h = handlers();
    await expect(h.localList({ dir: join(root, 'nope') }, ctx)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(h.localList({ dir: join(root, 'f.txt') }, ctx)).rejects.toMatchObject({ code: 'LOCAL_IO' });
    await expect(h.localRead({ path: root }, ctx)).rejects.toMatchObject({ code: 'LOCAL_IO' });
    await expect(h.localRead({ path: 'relative.py' }, ctx)).rejects.toBeInstanceOf(AppError);
    await expect(h.localWrite({ path: join(root, 'f.txt', 'x.py'), data: 'x' }, ctx)).rejects.toMatchObject({
      code: 'LOCAL_IO',
    });
  });
});
