import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulatorPty, type SimulatorPtyOptions } from '../../electron/sim';

const MPREMOTE = '/tmp/mpremote-src/mpremote';
const run = promisify(execFile);
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Starts the simulator on a pty as `qpy sim` does (in this process, so boot is not slowed by a CLI start-up). */
const serve = (link: string, options: Omit<SimulatorPtyOptions, 'link'> = {}): void => {
  const pty = startSimulatorPty({ link, ...options });
  cleanups.push(async () => (await pty).close());
};

const linkAppears = async (path: string): Promise<void> => {
  const deadline = Date.now() + 30_000;
  while (!existsSync(path)) {
    if (Date.now() > deadline) throw new Error(`${path} never appeared`);
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('mpremote connecting the moment the simulator pty appears, while the module boots', () => {
  it('enters the raw REPL at the first attempt with a looping main.py (Ctrl-C sent during boot stops it)', async () => {
    for (let attempt = 0; attempt < 2; attempt++) {
      const dir = mkdtempSync(join(tmpdir(), 'qpy-sim-boot-'));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      mkdirSync(join(dir, 'fs', 'usr'), { recursive: true });
      writeFileSync(join(dir, 'fs', 'usr', 'main.py'), 'import utime\nwhile True:\n    utime.sleep_ms(100)\n');
      const tty = join(dir, 'tty');
      serve(tty, { fsDir: join(dir, 'fs') });
      await linkAppears(tty);
      const { stdout } = await run(MPREMOTE, ['connect', tty, 'exec', 'print(6 * 7)'], { timeout: 30_000 });
      expect(stdout).toBe('42\r\n');
      for (const c of cleanups.splice(0).reverse()) await c();
    }
  }, 120_000);

  it('answers at the first attempt without main.py', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qpy-sim-boot-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const tty = join(dir, 'tty');
    serve(tty);
    await linkAppears(tty);
    const { stdout } = await run(MPREMOTE, ['connect', tty, 'exec', 'print(6 * 7)'], { timeout: 30_000 });
    expect(stdout).toBe('42\r\n');
  }, 60_000);
});
