import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulatorPty, type SimulatorPtyOptions } from '../../electron/sim';
import { bytes, Collector } from './helpers';

const RAW_BANNER = 'raw REPL; CTRL-B to exit\r\n';
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/**
 * Serves the simulator on a pty as `qpy sim` does and opens the port the moment it appears, then sends what
 * mpremote / pyboard.py's enter_raw_repl sends (`\r\x03`, flush, `\r\x01`, then Ctrl-D for the soft reset). mpremote
 * gives up after 10 s, which a loaded machine can exceed while the module boots; the waits here are longer.
 */
const connectWhileBooting = async (options: Omit<SimulatorPtyOptions, 'link'> = {}) => {
  const dir = mkdtempSync(join(tmpdir(), 'qpy-sim-boot-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const link = join(dir, 'tty');
  const pty = startSimulatorPty({ link, ...options });
  cleanups.push(async () => (await pty).close());
  const deadline = Date.now() + 30_000;
  while (!existsSync(link)) {
    if (Date.now() > deadline) throw new Error(`${link} never appeared`);
    await new Promise((r) => setTimeout(r, 5));
  }
  const port = new SerialPort({ path: link, baudRate: 115200, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
  cleanups.push(() => new Promise<void>((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve())));
  const out = new Collector(port);
  const write = (s: string): Promise<void> =>
    new Promise<void>((resolve, reject) => port.write(bytes(s), (e) => (e ? reject(e) : resolve())));
  await write('\r\x03');
  out.take();
  await write('\r\x01');
  await out.until(`${RAW_BANNER}>`, 30_000);
  await write('\x04');
  await out.until(`soft reboot\r\n${RAW_BANNER}>`, 30_000);
  await write('print(6 * 7)\x04');
  return out.until('\x04>', 30_000);
};

describe('a host tool connecting the moment the simulator pty appears, while the module boots', () => {
  it(
    'enters the raw REPL at the first attempt with a looping main.py (its Ctrl-C, sent during boot, stops it)',
    { timeout: 120_000 },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'qpy-sim-boot-fs-'));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      mkdirSync(join(dir, 'usr'), { recursive: true });
      writeFileSync(join(dir, 'usr', 'main.py'), 'import utime\nwhile True:\n    utime.sleep_ms(100)\n');
      expect(await connectWhileBooting({ fsDir: dir })).toBe('OK42\r\n\x04\x04>');
    },
  );

  it('enters the raw REPL at the first attempt without main.py', async () => {
    expect(await connectWhileBooting()).toBe('OK42\r\n\x04\x04>');
  }, 120_000);
});
