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

/** The seed samples' Aliyun device, as `qpy broker --cloud aliyun --device` takes it. */
const SEED_ALIYUN_DEVICE = 'a1llZotKkCm/Chic_001/DeviceSecretFromTheCloud/mj7qKfEn73y07gyK';

/**
 * `qpy broker --cloud aliyun` for the seed device, and `qpy sim` on a pty at `<dir>/tty` with `<dir>/fs` as its
 * flash, its cloud hostnames routed to that broker. Resolves once the module is up.
 */
export const seedCloudAndModule = async (
  dir: string,
  cleanups: (() => Promise<void> | void)[],
): Promise<{ broker: Proc; sim: Proc; tty: string }> => {
  const broker = qpy(
    ['broker', '--port', '0', '--data', join(dir, 'broker'), '--cloud', 'aliyun', '--device', SEED_ALIYUN_DEVICE],
    cleanups,
  );
  const port = (await broker.until(/listening on mqtt:\/\/127\.0\.0\.1:(\d+)/))[1] ?? '';
  const tty = join(dir, 'tty');
  const sim = qpy(['sim', '--link', tty, '--fs', join(dir, 'fs'), '--redirect-clouds', `127.0.0.1:${port}`], cleanups);
  await sim.until(/Simulated EC600N/);
  return { broker, sim, tty };
};
