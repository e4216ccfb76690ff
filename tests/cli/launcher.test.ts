import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../..', import.meta.url));

/** A copy of bin/qpy.mjs beside a built CLI and its sources, each of whose `main` prints which one ran. */
const makeCopy = async (withGit: boolean) => {
  const root = await mkdtemp(join(tmpdir(), 'qpy-launcher-'));
  await mkdir(join(root, 'bin'));
  await cp(join(repo, 'bin/qpy.mjs'), join(root, 'bin/qpy.mjs'));
  await writeFile(join(root, 'package.json'), '{ "type": "module" }');
  await symlink(join(repo, 'node_modules'), join(root, 'node_modules'));
  await mkdir(join(root, 'dist-cli'));
  await writeFile(join(root, 'dist-cli/qpy.cjs'), "exports.main = () => console.log('bundle');\n");
  await mkdir(join(root, 'electron/cli'), { recursive: true });
  await writeFile(join(root, 'electron/cli/program.ts'), "export const main = (): void => console.log('sources');\n");
  const built = new Date(Date.now() - 60_000);
  await utimes(join(root, 'dist-cli/qpy.cjs'), built, built); // the sources are newer than the build
  if (withGit) await mkdir(join(root, '.git'));
  return root;
};

const cacheFiles = async (root: string) =>
  (await readdir(join(root, 'dist-cli'))).filter((name) => name.endsWith('.v8cache'));

const run = (root: string, ...args: string[]) =>
  new Promise<string>((resolve, reject) => {
    execFile(process.execPath, [join(root, 'bin/qpy.mjs'), ...args], { timeout: 60_000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout.trim()),
    );
  });

describe('bin/qpy.mjs picks the build or the sources', () => {
  const roots: string[] = [];
  afterEach(async () => {
    await Promise.all(roots.splice(0).map((root) => rm(root, { recursive: true, force: true })));
  });

  it('in a git checkout whose sources are newer than the build, runs the sources', async () => {
    const root = await makeCopy(true);
    roots.push(root);
    expect(await run(root)).toBe('sources');
  });

  it('an installed copy (no .git) runs the build without comparing times', async () => {
    const root = await makeCopy(false);
    roots.push(root);
    expect(await run(root)).toBe('bundle');
  });

  it('caches the compiled bundle after a run and runs from the cache next time', async () => {
    const root = await makeCopy(false);
    roots.push(root);
    expect(await cacheFiles(root)).toEqual([]);
    expect(await run(root)).toBe('bundle');
    expect(await cacheFiles(root)).toHaveLength(1);
    expect(await run(root)).toBe('bundle');
    expect(await cacheFiles(root)).toHaveLength(1);
  });

  it("the first run of a command the cache has not seen writes it again, with that command's code added", async () => {
    const root = await makeCopy(false);
    roots.push(root);
    await writeFile(
      join(root, 'dist-cli/qpy.cjs'),
      [
        'function pushed(names) {',
        "  const seen = names.filter((n) => n.endsWith('.py')).map((n) => n.toUpperCase());",
        "  return seen.length ? 'pushed' : 'nothing';",
        '}',
        "exports.main = (argv) => console.log(argv.includes('push') ? pushed(argv) : 'listed');",
        '',
      ].join('\n'),
    );
    const cacheState = async () => {
      const [name] = await cacheFiles(root);
      const cache = join(root, 'dist-cli', name!);
      return {
        bytes: (await readFile(cache)).length,
        commands: (await readFile(`${cache}.commands`, 'utf8')).split('\n'),
      };
    };
    expect(await run(root, 'ls', '-p', 'x')).toBe('listed');
    const first = await cacheState();
    expect(first.commands).toEqual(['ls']);
    const [name] = await cacheFiles(root);
    const written = (await stat(join(root, 'dist-cli', name!))).mtimeMs;
    expect(await run(root, 'ls')).toBe('listed');
    expect((await stat(join(root, 'dist-cli', name!))).mtimeMs).toBe(written);
    expect(await run(root, '--json', 'push', 'a.py')).toBe('pushed');
    const second = await cacheState();
    expect(second.commands).toEqual(['ls', 'push']);
    expect(second.bytes).toBeGreaterThan(first.bytes);
    expect(await cacheFiles(root)).toHaveLength(1);
  });

  it("a rebuilt bundle of the same length runs its own code, not the previous build's cached code", async () => {
    const root = await makeCopy(false);
    roots.push(root);
    await writeFile(join(root, 'dist-cli/qpy.cjs'), "exports.main = () => console.log('build-1');\n");
    expect(await run(root)).toBe('build-1');
    expect(await cacheFiles(root)).toHaveLength(1);
    await writeFile(join(root, 'dist-cli/qpy.cjs'), "exports.main = () => console.log('build-2');\n");
    expect(await run(root)).toBe('build-2');
  });

  it('a corrupt cache is ignored: the bundle runs and the cache is written anew', async () => {
    const root = await makeCopy(false);
    roots.push(root);
    expect(await run(root)).toBe('bundle');
    const [name] = await cacheFiles(root);
    const cache = join(root, 'dist-cli', name!);
    await writeFile(cache, 'not a V8 code cache');
    expect(await run(root)).toBe('bundle');
    expect((await readFile(cache)).toString()).not.toBe('not a V8 code cache');
  });
});
