#!/usr/bin/env node
// The `qpy` command. It runs the JavaScript that `npm install` builds into dist-cli/ (scripts/build-cli.mjs), so
// nothing is compiled at run time. In a checkout whose TypeScript is newer than that build (or has none), it runs
// the sources through tsx instead, so what runs is always what the sources say; `npm run build:cli` makes it fast
// again. The bundle loads while the sources' times are read (it only defines `main`), so the check costs no wait.
import { readdir, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = `${root}dist-cli/qpy.mjs`;

const newerThan = async (dir, time) => {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const newer = await Promise.all(
    entries.map(async (entry) => {
      const path = `${dir}/${entry.name}`;
      return entry.isDirectory() ? newerThan(path, time) : (await stat(path)).mtimeMs > time;
    }),
  );
  return newer.includes(true);
};

const isFresh = async () => {
  if (process.env.QPY_CLI_FROM_SOURCE === '1') return false;
  const built = await stat(bundle).then(
    (s) => s.mtimeMs,
    () => null,
  );
  if (built === null) return false;
  const stale = await Promise.all(['electron', 'shared'].map((dir) => newerThan(`${root}${dir}`, built)));
  return !stale.includes(true);
};

const loading = import(bundle);
loading.catch(() => undefined); // a missing or stale bundle is not used, so its failure to load is no error
if (await isFresh()) {
  await (await loading).main(process.argv);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import('../electron/cli/program.ts');
  await main(process.argv);
}
