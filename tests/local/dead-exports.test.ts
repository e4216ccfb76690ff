import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findDeadExports, type DeadExport } from './dead-exports';

/** Exports no file of the project imports, kept because something outside the import graph reads them. */
const ALLOWED: Record<string, string> = {
  'vite.config.ts default': 'read by vite itself',
  'vitest.config.ts default': 'read by vitest itself',
};

const key = (d: DeadExport): string => `${d.file} ${d.name}`;

// Reading the whole project with the type checker takes tens of seconds on a shared 2-core machine.
const WHOLE_PROJECT_MS = 240_000;

describe('exports', () => {
  it(
    'every export is used by some other file of the project (or is allowed here with a reason)',
    () => {
      const root = fileURLToPath(new URL('../..', import.meta.url));
      const dead = findDeadExports(root);
      const unexpected = dead
        .filter((d) => !(key(d) in ALLOWED))
        .map((d) => `${key(d)} (${d.usedInOwnFile ? 'drop the export' : 'used nowhere: delete it'})`);
      expect(unexpected).toEqual([]);
      const stillDead = new Set(dead.map(key));
      expect(Object.keys(ALLOWED).filter((k) => !stillDead.has(k))).toEqual([]);
    },
    WHOLE_PROJECT_MS,
  );
});

describe('findDeadExports', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'qpy-dead-exports-'));
    execFileSync('git', ['init', '-q'], { cwd: dir });
    const files: Record<string, string> = {
      'a.ts': [
        'export const viaStar = 1;',
        'export type OnlyType = { x: number };',
        'export const viaDynamic = 2;',
        'export const ownOnly = 3;',
        'export const nowhere = 4;',
        'export const fromJs = 5;',
        'export const viaNamespace = 6;',
        'const local = ownOnly + 1;',
        'console.log(local);',
      ].join('\n'),
      'index.ts': "export * from './a';\nexport { nowhere as renamed } from './a';\n",
      'b.ts': [
        "import { viaStar } from './index';",
        "import type { OnlyType } from './a';",
        "import * as a from './a';",
        'const t: OnlyType = { x: viaStar + a.viaNamespace };',
        "export const run = async () => { const { viaDynamic } = await import('./a'); return viaDynamic + t.x; };",
      ].join('\n'),
      'c.mjs': "import { fromJs } from './a';\nimport { run } from './b';\nconsole.log(fromJs, run);\n",
    };
    for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('counts re-exports, type-only, namespace, dynamic and JavaScript imports; a pass-through is no use', () => {
    expect(findDeadExports(dir)).toEqual([
      { file: 'a.ts', name: 'nowhere', usedInOwnFile: false },
      { file: 'a.ts', name: 'ownOnly', usedInOwnFile: true },
    ]);
  });
});
