// Finds Electron's binary without letting `require('electron')` print a download attempt and its stack trace.
// Electron's package downloads the binary on first use; where that cannot work (no internet), the caller falls back
// to browser mode and says so in one line.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const electronDir = () => {
  try {
    return dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return undefined;
  }
};

const installedBinary = (dir) => {
  const pathFile = join(dir, 'path.txt');
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const path = join(process.env.ELECTRON_OVERRIDE_DIST_PATH, executable || 'electron');
    return existsSync(path) ? path : undefined;
  }
  if (!executable) return undefined;
  const path = join(dir, 'dist', executable);
  return existsSync(path) ? path : undefined;
};

/** Runs Electron's own installer with its output kept back; says something only when it takes a while. */
const download = (dir) =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, [join(dir, 'install.js')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const slow = setTimeout(() => console.log("Downloading Electron's binary (once)…"), 3000);
    const giveUp = setTimeout(() => child.kill(), 5 * 60_000);
    child.on('close', (code) => {
      clearTimeout(slow);
      clearTimeout(giveUp);
      const reason = /\w*Error: ([^\n]+)/.exec(output)?.[1];
      resolve(code === 0 ? { ok: true } : { ok: false, reason: reason ?? `the installer exited with ${code}` });
    });
  });

/** `{ path }` of Electron's binary, downloading it once if it can; otherwise `{ reason }` in a few words. */
export const findElectronBinary = async () => {
  const dir = electronDir();
  if (!dir) return { reason: 'the electron package is not installed' };
  const found = installedBinary(dir);
  if (found) return { path: found };
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) return { reason: 'ELECTRON_SKIP_BINARY_DOWNLOAD is set' };
  const result = await download(dir);
  const path = installedBinary(dir);
  if (path) return { path };
  return { reason: result.ok ? 'the download gave no binary' : `it could not be downloaded: ${result.reason}` };
};
