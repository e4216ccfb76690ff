#!/usr/bin/env node
// `npm run test:load [-- --runs N --cpus N]`: the whole of `npm test` N times in a row (default 5) with a CPU hog
// (stress-ng) beside it, stopping at the first red run. Flaky waits show up here long before CI meets them.
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const option = (name, fallback) => {
  const at = process.argv.indexOf(name);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) {
    console.error(`${name} takes a whole number of 1 or more (got ${process.argv[at + 1]}).`);
    process.exit(2);
  }
  return value;
};
const runs = option('--runs', 5);
const cpus = option('--cpus', 1);

if (spawnSync('stress-ng', ['--version'], { stdio: 'ignore' }).status !== 0) {
  console.error('test:load needs stress-ng; run: sudo apt-get install -y stress-ng');
  process.exit(1);
}
const hog = spawn('stress-ng', ['--cpu', String(cpus), '--quiet'], { stdio: 'ignore' });
const stopHog = () => hog.exitCode === null && hog.kill('SIGTERM');
process.on('exit', stopHog);
process.on('SIGINT', () => process.exit(130));

const results = [];
for (let run = 1; run <= runs; run += 1) {
  const started = Date.now();
  console.log(`\n=== run ${run} of ${runs} (stress-ng --cpu ${cpus} beside it) ===`);
  const status = spawnSync(process.execPath, ['scripts/test.mjs'], { cwd: root, stdio: 'inherit' }).status;
  results.push({ run, ok: status === 0, seconds: Math.round((Date.now() - started) / 1000) });
  if (status !== 0) break;
}
stopHog();
for (const r of results) console.log(`run ${r.run}: ${r.ok ? 'passed' : 'FAILED'} in ${r.seconds} s`);
const green = results.filter((r) => r.ok).length;
console.log(`${green} of ${runs} runs passed in a row under load`);
process.exit(green === runs ? 0 : 1);
