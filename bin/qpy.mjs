#!/usr/bin/env node
// The `qpy` command. It runs the JavaScript that `npm install` builds into dist-cli/qpy.cjs (scripts/build-cli.mjs),
// so nothing is compiled at run time. In a git checkout whose TypeScript is newer than that build (or that has none),
// it runs the sources through tsx instead, so what runs is always what the sources say; `npm run build:cli` makes it
// fast again. An installed copy (no .git) is not checked: nobody edits its sources.
import { existsSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = `${root}dist-cli/qpy.cjs`;

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

const readOrUndefined = (path) => {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
};

/** The command a run is for (its first word), e.g. "push"; "" for none or anything odd. */
const commandOf = (argv) => {
  const word = argv.slice(2).find((arg) => !arg.startsWith('-')) ?? '';
  return /^[a-z][a-z0-9-]{0,31}$/.test(word) ? word : '';
};

/**
 * Runs the bundle as a CommonJS module compiled with V8's code cache: what earlier runs compiled is loaded instead of
 * parsed again. V8 checks the cache against its own version and flags but not against the source's content, so the
 * cache's name carries the bundle's size and time: a rebuilt bundle never runs another build's code. The cache holds
 * the functions the runs that wrote it compiled, and a list of their commands beside it: the first run of another
 * command writes it again with that command's code added, so every command starts compiled from its second run on.
 * A missing or rejected cache is written anew after the run (best effort: a read-only install just runs uncached).
 */
const runBundle = async (argv) => {
  const { size, mtimeNs } = statSync(bundle, { bigint: true });
  const cacheFile = `${bundle}.${size}-${mtimeNs}.v8cache`;
  const commandsFile = `${cacheFile}.commands`;
  const cachedData = readOrUndefined(cacheFile);
  const commands = cachedData ? (readOrUndefined(commandsFile)?.toString().split('\n') ?? []) : [];
  const command = commandOf(argv);
  const source = readFileSync(bundle, 'utf8');
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: bundle,
    cachedData,
  });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, dirname(bundle));
  await module.exports.main(argv);
  const usable = cachedData !== undefined && !script.cachedDataRejected;
  if (usable && commands.includes(command)) return;
  try {
    const partial = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(partial, script.createCachedData());
    renameSync(partial, cacheFile);
    writeFileSync(commandsFile, [...(usable ? commands : []), command].join('\n'));
  } catch {
    // not writable: the next run compiles again
  }
};

if (isFresh()) {
  await runBundle(process.argv);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import('../electron/cli/program.ts');
  await main(process.argv);
}
