import { describe, expect, it } from 'vitest';
import { filesFromDrop, filesFromInput, foldersToCreate } from './collect';

const file = (name: string, rel = '') => {
  const f = new File(['x'], name);
  if (rel) Object.defineProperty(f, 'webkitRelativePath', { value: rel });
  return f;
};

describe('collecting files to upload', () => {
  it('keeps folder structure from a folder picker', () => {
    const picked = filesFromInput([
      file('main.py', 'proj/main.py'),
      file('util.py', 'proj/lib/util.py'),
      file('a.txt'),
    ]);
    expect(picked.map((p) => p.relPath)).toEqual(['proj/main.py', 'proj/lib/util.py', 'a.txt']);
  });

  it('lists the module folders to create, parents first', () => {
    const picked = filesFromInput([file('u', 'proj/lib/deep/u.py'), file('m', 'proj/main.py'), file('top.py')]);
    expect(foldersToCreate('/usr/', picked)).toEqual(['/usr/proj', '/usr/proj/lib', '/usr/proj/lib/deep']);
  });

  it('walks dropped folders through webkitGetAsEntry, reading directories until they are empty', async () => {
    const leaf = (name: string) => ({
      name,
      isFile: true,
      isDirectory: false,
      file: (ok: (f: File) => void) => ok(file(name)),
    });
    const dir = (name: string, children: unknown[]) => ({
      name,
      isFile: false,
      isDirectory: true,
      createReader: () => {
        let given = false;
        return {
          readEntries: (ok: (e: unknown[]) => void) => {
            ok(given ? [] : children);
            given = true;
          },
        };
      },
    });
    const entries = [dir('proj', [leaf('main.py'), dir('lib', [leaf('util.py')])]), leaf('solo.py')];
    const transfer = {
      items: entries.map((entry) => ({ kind: 'file', webkitGetAsEntry: () => entry, getAsFile: () => null })),
      files: [],
    } as unknown as DataTransfer;
    const picked = await filesFromDrop(transfer);
    expect(picked.map((p) => p.relPath)).toEqual(['proj/main.py', 'proj/lib/util.py', 'solo.py']);
  });
});
