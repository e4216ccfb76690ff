/** Runs the real `qpy` command (bin/qpy.mjs) as a child process and waits on patterns in what it prints. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const QPY = fileURLToPath(new URL('../../bin/qpy.mjs', import.meta.url));

export interface Proc {
  child: ChildProcess;
  out: () => string;
  until(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  exited: Promise<number | null>;
}

/**
 * Starts `qpy args…` with a data folder of its own; `cleanups` gets what stops it (SIGTERM, then waits for the exit)
 * and removes the folder.
 */
export const qpy = (args: string[], cleanups: (() => Promise<void> | void)[]): Proc => {
  const data = mkdtempSync(join(tmpdir(), 'qpy-data-'));
  const child = spawn(process.execPath, [QPY, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, QPY_DATA_DIR: data },
  });
  let text = '';
  const waiters: (() => void)[] = [];
  const onData = (chunk: Buffer): void => {
    text += chunk.toString();
    waiters.splice(0).forEach((w) => w());
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const proc: Proc = {
    child,
    out: () => text,
    exited,
    until: async (pattern, timeoutMs = 30_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const m = pattern.exec(text);
        if (m) return m;
        if (Date.now() > deadline || child.exitCode !== null)
          throw new Error(`no ${String(pattern)} in the output of qpy ${args.join(' ')}:\n${text}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 500);
        });
      }
    },
  };
  cleanups.push(async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(data, { recursive: true, force: true });
  });
  return proc;
};
