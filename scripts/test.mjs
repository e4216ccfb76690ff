#!/usr/bin/env node
// `npm test`: type-check, lint, build the UI, then every Vitest project (node units and integration, renderer
// components, Playwright e2e in Chromium). Ends with one plain "N passed, N failed" line.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSystemDeps } from './system-deps.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => join(root, 'node_modules', '.bin', name);
const only = process.argv.slice(2);

const step = (title, command, args) => {
  const started = Date.now();
  console.log(`\n▶ ${title}`);
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, FORCE_COLOR: process.env.CI ? '0' : '1' },
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`✖ ${title} failed after ${seconds} s`);
    return false;
  }
  console.log(`✔ ${title} (${seconds} s)`);
  return true;
};

// Socat, Mosquitto, Chromium and the serial terminals are driven for real; without them most tests could only fail.
if (!ensureSystemDeps()) process.exit(1);

let ok = true;
ok = step('Type-check (Node side)', bin('tsc'), ['-p', 'tsconfig.node.json', '--noEmit']) && ok;
ok = step('Type-check (end-to-end tests)', bin('tsc'), ['-p', 'tsconfig.e2e.json', '--noEmit']) && ok;
ok = step('Type-check (renderer, no Node types)', bin('tsc'), ['-p', 'renderer/tsconfig.json', '--noEmit']) && ok;
ok = step('Lint', bin('eslint'), ['.', '--max-warnings', '0']) && ok;
ok = step('Formatting (Prettier)', bin('prettier'), ['--check', '--log-level', 'warn', '.']) && ok;
ok = step('Build the UI', bin('vite'), ['build', '--logLevel', 'warn']) && ok;

const reportDir = mkdtempSync(join(tmpdir(), 'qpy-vitest-'));
// Unit/integration and component tests first, then the browser end-to-end tests on their own, so timing-sensitive
// UI flows do not compete with the simulator-heavy Node tests for the CPU.
const vitestRun = (title, projects, report) =>
  step(title, bin('vitest'), [
    'run',
    '--passWithNoTests',
    ...projects.flatMap((p) => ['--project', p]),
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
    ...only,
  ]);
const reports = [join(reportDir, 'units.json'), join(reportDir, 'e2e.json')];
ok = vitestRun('Tests (node, renderer)', ['node', 'renderer'], reports[0]) && ok;
ok = vitestRun('Tests (e2e in Chromium)', ['e2e'], reports[1]) && ok;

let passed = 0;
let failed = 0;
let skipped = 0;
for (const report of reports) {
  try {
    const json = JSON.parse(readFileSync(report, 'utf8'));
    passed += json.numPassedTests ?? 0;
    // A file that fails to load counts once; otherwise count failed tests.
    failed += json.numFailedTests || json.numFailedTestSuites || 0;
    skipped += (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
  } catch {
    failed += 1;
  }
}
rmSync(reportDir, { recursive: true, force: true });
if (!ok && failed === 0) failed = 1;
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(ok && failed === 0 ? 0 : 1);
