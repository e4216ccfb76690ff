import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sleep } from './helpers';

// `qpy sim --link PATH` as a user runs it, and the serial terminals people use (picocom, pyserial's miniterm)
// talking to it inside a real terminal (tmux), exactly as they would to a module.
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'qpy-sim-term-'));
const link = join(dir, 'ttyQPY');
const session = `qpy-term-${process.pid}`;
let sim: ChildProcess;

const tmux = (...args: string[]) => execFileSync('tmux', ['-L', session, ...args], { encoding: 'utf8' });
const screen = () => tmux('capture-pane', '-t', session, '-p');
const waitForScreen = async (pattern: RegExp, timeoutMs = 15_000) => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = screen();
    if (pattern.test(text)) return text;
    if (Date.now() > deadline) throw new Error(`screen never matched ${pattern}:\n${text}`);
    await sleep(100);
  }
};

beforeAll(async () => {
  sim = spawn(process.execPath, ['bin/qpy.mjs', 'sim', '--link', link, '--firmware', 'legacy'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  sim.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  const deadline = Date.now() + 30_000;
  while (!out.includes(link)) {
    if (Date.now() > deadline || sim.exitCode !== null) throw new Error(`qpy sim did not start: ${out}`);
    await sleep(100);
  }
});

afterAll(async () => {
  try {
    tmux('kill-server');
  } catch {
    /* no server left */
  }
  sim.kill('SIGTERM');
  await new Promise((resolve) => sim.once('exit', resolve));
  rmSync(dir, { recursive: true, force: true });
});

// `ready` is the line each program prints once it reads the keyboard (picocom flushes keys typed before it).
describe.each([
  ['picocom', ['picocom', '-b', '115200', link], /^Terminal ready/m, 'C-a', 'C-x'],
  ['miniterm', ['/usr/bin/python3', '-m', 'serial.tools.miniterm', link, '115200'], /^--- Quit: /m, 'C-]', ''],
] as const)('%s on `qpy sim --link`', (_name, command, ready, quit1, quit2) => {
  it('gets a prompt, evaluates, shows a traceback and soft-reboots like a module', async () => {
    tmux('new-session', '-d', '-s', session, '-x', '120', '-y', '40', command.join(' '));
    await waitForScreen(ready);
    tmux('send-keys', '-t', session, 'Enter');
    await waitForScreen(/^>>>\s*$/m);
    tmux('send-keys', '-t', session, '-l', 'print(6*7)');
    tmux('send-keys', '-t', session, 'Enter');
    await waitForScreen(/^42\s*$/m);
    tmux('send-keys', '-t', session, '-l', 'import os');
    tmux('send-keys', '-t', session, 'Enter');
    await waitForScreen(/ImportError: no module named 'os'/);
    tmux('send-keys', '-t', session, 'C-d');
    const text = await waitForScreen(/MPY: soft reboot\s+QuecPython V[\d.]+, based on MicroPython v1\.13/);
    expect(text).toContain('EC600N with QUECTEL');
  });
  afterEach(async () => {
    tmux('send-keys', '-t', session, quit1, ...(quit2 ? [quit2] : []));
    await sleep(300);
    try {
      tmux('kill-session', '-t', session);
    } catch {
      /* the program quit and took its session with it */
    }
  });
});
