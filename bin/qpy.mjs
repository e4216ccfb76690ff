#!/usr/bin/env node
// The `qpy` command. It runs the JavaScript that `npm install` builds into dist-cli/ (scripts/build-cli.mjs), so
// nothing is compiled at run time. In a git checkout whose TypeScript is newer than that build (or that has none), it
// runs the sources through tsx instead, so what runs is always what the sources say; `npm run build:cli` makes it
// fast again. An installed copy (no .git) is not checked: nobody edits its sources.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = `${root}dist-cli/qpy.mjs`;

const newerThan = (dir, time) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory() ? newerThan(path, time) : statSync(path).mtimeMs > time) return true;
  }
  return false;
};

const isFresh = () => {
  if (process.env.QPY_CLI_FROM_SOURCE === '1' || !existsSync(bundle)) return false;
  if (!existsSync(`${root}.git`)) return true;
  const built = statSync(bundle).mtimeMs;
  return !['electron', 'shared'].some((dir) => existsSync(`${root}${dir}`) && newerThan(`${root}${dir}`, built));
};

// The bundle only defines `main`: its files load while the sources' times are read.
const loading = import(bundle);
loading.catch(() => undefined); // a missing or stale bundle is not used, so its failing to load is no error
if (isFresh()) {
  await (await loading).main(process.argv);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import('../electron/cli/program.ts');
  await main(process.argv);
}
