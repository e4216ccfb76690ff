#!/usr/bin/env node
// `npm run bench [-- name [flags…]]`: runs every bench/*.bench.ts (or those whose name contains `name`) one after
// another through tsx, passing them the flags (e.g. `--runs 5`); each writes its own section of BENCHMARKS.md with
// the machine and the date.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const filter = process.argv[2] ?? '';
const benches = readdirSync(join(root, 'bench'))
  .filter((f) => f.endsWith('.bench.ts') && f.includes(filter))
  .sort();
if (benches.length === 0) {
  console.error(`No benchmark in bench/ matches "${filter}".`);
  process.exit(1);
}
let failed = 0;
for (const file of benches) {
  console.log(`\n▶ ${file}`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', join('bench', file), ...process.argv.slice(3)], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    failed++;
    console.error(`✖ ${file} failed`);
  }
}
process.exit(failed ? 1 : 0);
