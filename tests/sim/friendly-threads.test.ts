import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startSimulatorPty, type SimulatorPtyOptions } from '../../electron/sim';
import { bytes, Collector } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'qpy-sim-friendly-'));
let counter = 0;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A person at a terminal on the module's port: types lines at the friendly prompt. */
const terminal = async (options: Omit<SimulatorPtyOptions, 'link'> = {}) => {
  const pty = await startSimulatorPty({ link: join(dir, `tty${counter++}`), ...options });
  cleanups.push(() => pty.close());
  const port = new SerialPort({ path: pty.path, baudRate: 115200, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
  cleanups.unshift(() => new Promise<void>((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve())));
  const out = new Collector(port);
  const write = (s: string): Promise<void> =>
    new Promise<void>((resolve, reject) => port.write(bytes(s), (e) => (e ? reject(e) : resolve())));
  // The boot banner may come before the port is open (opening flushes what the pty holds), and a bare Enter
  // typed during boot answers with a second prompt: wait for the answer to a line whose echo differs from it.
  await write("'ready%d' % 7\r");
  await out.until("\r\n'ready7'\r\n>>> ", 15_000);
  /** Types a line as a terminal sends it (Enter is CR) and waits for the echo of Enter. */
  const type = async (line: string): Promise<string> => {
    await write(`${line}\r`);
    return out.until(/\r\n(>>> |\.\.\. )/, 15_000);
  };
  return { out, write, type };
};

const LOOP = ['def loop(step):', 'global n', 'while True:', 'n += step', "print('tick', n)", 'utime.sleep_ms(30)'];

/** The prompt answers `1+1` while the thread keeps printing: ticks come before and after the answer. */
const expectLivePrompt = async (t: Awaited<ReturnType<typeof terminal>>): Promise<void> => {
  await t.type('_thread.start_new_thread(loop, (1,))');
  await t.out.until('tick 3', 10_000);
  await t.write('1+1\r');
  await t.out.until(/\r\n2\r\n/, 10_000);
  await t.out.until(/tick \d+\r\n/, 10_000);
  await t.write('n > 3\r');
  await t.out.until(/\r\nTrue\r\n/, 10_000);
};

describe('threads started from functions typed at the friendly prompt', () => {
  it('interleave with the prompt, which answers while a looping thread typed at >>> runs', async () => {
    const t = await terminal();
    await t.type('import _thread, utime');
    await t.type('n = 0');
    for (const line of LOOP) expect(await t.type(line)).toMatch(/\.\.\. $/);
    // backspaces remove the auto-indent; Enter on the empty line ends the definition
    await t.write(`${'\b'.repeat(8)}\r`);
    await t.out.until('>>> ', 10_000);
    await expectLivePrompt(t);
    // history (8 lines) holds what was typed, not the simulator's rewrite
    await t.write('\x1b[A'.repeat(8));
    const recalled = await t.out.until('global n', 10_000);
    expect(recalled).toContain("print('tick', n)");
    expect(recalled).not.toContain('_qpy');
  });

  it('interleave when the function comes in paste mode', async () => {
    const t = await terminal();
    await t.type('import _thread, utime');
    await t.type('n = 0');
    await t.write('\x05');
    await t.out.until('=== ');
    const indents = ['', '    ', '    ', '        ', '        ', '        '];
    await t.write(LOOP.map((l, i) => `${indents[i] ?? ''}${l}\r`).join(''));
    await t.write('\x04');
    await t.out.until('>>> ', 10_000);
    await expectLivePrompt(t);
  });

  it('on legacy firmware, refuses an f-string typed at >>> as MicroPython 1.13 does, and keeps the prompt', async () => {
    const t = await terminal({ firmware: 'legacy' });
    expect(await t.type('x = 6; print(f"{x*7}")')).toContain(
      'Traceback (most recent call last):\r\n  File "<stdin>", line 1\r\nSyntaxError: invalid syntax\r\n>>> ',
    );
    expect(await t.type('print("{}".format(x*7) if "x" in dir() else "unset")')).toContain('\r\nunset\r\n');
  });
});
