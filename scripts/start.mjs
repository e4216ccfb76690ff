#!/usr/bin/env node
// `npm start`: the Electron app where Electron's binary is installed, otherwise browser mode (the same UI).
// `npm run web -- --port N`: browser mode directly.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { ensureRendererBuilt, buildElectron } from './build-lib.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const webOnly = args.includes('--web');
const passThrough = args.filter((a) => a !== '--web');

const electronBinary = () => {
  try {
    const path = createRequire(import.meta.url)('electron');
    return typeof path === 'string' && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
};

const run = (command, commandArgs) => {
  const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit' });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
};

await ensureRendererBuilt();
const electron = webOnly ? undefined : electronBinary();
if (electron) {
  await buildElectron();
  run(electron, ['.', ...passThrough]);
} else {
  if (!webOnly) {
    console.log(
      "Electron's binary is not installed on this machine (it could not be downloaded), so QPY Studio runs in browser mode instead:",
    );
  }
  run(process.execPath, ['bin/qpy.mjs', 'web', ...passThrough]);
}
