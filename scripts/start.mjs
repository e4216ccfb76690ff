#!/usr/bin/env node
// `npm start`: the Electron app where Electron's binary is installed, otherwise browser mode (the same UI).
// `npm run web -- --port N`: browser mode directly.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ensureRendererBuilt, buildElectron } from './build-lib.mjs';
import { findElectronBinary } from './electron-binary.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const webOnly = args.includes('--web');
const passThrough = args.filter((a) => a !== '--web');

const run = (command, commandArgs) => {
  const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit' });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
};

await ensureRendererBuilt();
const electron = webOnly ? undefined : await findElectronBinary();
if (electron?.path) {
  await buildElectron();
  run(electron.path, ['.', ...passThrough]);
} else {
  if (electron) {
    console.log(
      `Electron's binary is not installed on this machine (${electron.reason}), so QPY Studio runs in browser mode instead:`,
    );
  }
  run(process.execPath, ['bin/qpy.mjs', 'web', ...passThrough]);
}
