#!/usr/bin/env node
// The `qpy` command. It runs the JavaScript that `npm install` builds into dist-cli/ (scripts/build-cli.mjs), so
// nothing is compiled at run time. In a checkout whose TypeScript is newer than that build (or has none), it runs
// the sources through tsx instead, so what runs is always what the sources say; `npm run build:cli` makes it fast
// again.
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
  const built = statSync(bundle).mtimeMs;
  return !['electron', 'shared'].some((dir) => existsSync(`${root}${dir}`) && newerThan(`${root}${dir}`, built));
};

if (isFresh()) {
  await import(bundle);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../electron/cli/main.ts');
}
