import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startSimulatorPty, type SimulatorPty, type SimulatorPtyOptions } from '../../electron/sim';
import { bytes, Collector, sleep } from './helpers';

const RAW_BANNER = 'raw REPL; CTRL-B to exit\r\n';
const dir = mkdtempSync(join(tmpdir(), 'qpy-sim-pty-'));
let counter = 0;
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A serial session the way host tools (pyboard.py, mpremote) drive a module. */
const connect = async (options: Omit<SimulatorPtyOptions, 'link'> = {}) => {
  const pty: SimulatorPty = await startSimulatorPty({ link: join(dir, `tty${counter++}`), ...options });
  cleanups.push(() => pty.close());
  const port = new SerialPort({ path: pty.path, baudRate: 115200, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
  cleanups.unshift(() => new Promise<void>((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve())));
  const out = new Collector(port);
  const write = async (s: string): Promise<void> => {
    await new Promise<void>((resolve, reject) => port.write(bytes(s), (e) => (e ? reject(e) : resolve())));
  };
  const enterRaw = async (softReset = true): Promise<void> => {
    await write('\r\x03\x03');
    await sleep(100);
    out.take();
    await write('\r\x01');
    await out.until(`${RAW_BANNER}>`);
    if (softReset) {
      await write('\x04');
      await out.until('soft reboot\r\n');
      await out.until(RAW_BANNER);
    }
  };
  /** Raw REPL exec: returns [stdout, stderr] as pyboard.exec_raw does. */
  const exec = async (code: string): Promise<[string, string]> => {
    await out.until('>');
    await write(`${code}\x04`);
    expect(await out.until('OK')).toBe('OK');
    const stdout = await out.until('\x04', 10_000);
    const stderr = await out.until('\x04', 10_000);
    return [stdout.slice(0, -1), stderr.slice(0, -1)];
  };
  return { pty, port, out, write, enterRaw, exec };
};

describe('simulator on a pseudo-terminal through the real serialport package', () => {
  it('soft-resets on raw REPL entry and execs with output and with a traceback', async () => {
    const s = await connect();
    await s.enterRaw(true);
    expect(await s.exec('print("hi", 6*7)')).toEqual(['hi 42\r\n', '']);
    const [stdout, stderr] = await s.exec('print("before")\nraise ValueError("boom")');
    expect(stdout).toBe('before\r\n');
    expect(stderr).toBe(
      'Traceback (most recent call last):\r\n  File "<stdin>", line 2, in <module>\r\nValueError: boom\r\n',
    );
  });

  it('does raw-paste with flow control', async () => {
    const s = await connect({ firmware: 'modern' });
    await s.enterRaw(true);
    await s.out.until('>');
    await s.write('\x05A\x01');
    const header = await s.out.until(/R\x01..\x01/s);
    const window = header.charCodeAt(2) | (header.charCodeAt(3) << 8);
    expect(window).toBe(256);
    const code = Array.from({ length: 60 }, (_, i) => `x${i} = ${i} * 2`).join('\n') + '\nprint(x59)\n';
    expect(code.length).toBeGreaterThan(2 * window);
    let credit = window;
    for (let i = 0; i < code.length;) {
      if (credit === 0) {
        await s.out.until('\x01');
        credit += window;
      }
      const n = Math.min(credit, code.length - i);
      await s.write(code.slice(i, i + n));
      i += n;
      credit -= n;
    }
    await s.write('\x04');
    expect(await s.out.until('\x04>', 5000)).toMatch(/\x04118\r\n\x04\x04>$/);
  });

  it('falls back to the plain raw REPL when the module answers R\\x00', async () => {
    const s = await connect({ rawPaste: false });
    await s.enterRaw(true);
    await s.out.until('>');
    await s.write('\x05A\x01');
    expect(await s.out.until('R\x00')).toBe('R\x00');
    await s.write('print("plain raw")\x04');
    expect(await s.out.until('\x04>')).toBe('OKplain raw\r\n\x04\x04>');
  });

  it('interrupts a busy loop when Ctrl-C arrives behind other bytes in the same write (as pyboard.py sends \\r\\x03)', async () => {
    const s = await connect();
    await s.write('\r');
    await sleep(200);
    s.out.take();
    await s.write('while True: pass\r\r');
    await sleep(300);
    await s.write('\r\x03');
    expect(await s.out.until('>>> ', 5000)).toContain('KeyboardInterrupt: \r\n');
  });

  it('interrupts a busy loop with Ctrl-C in the friendly REPL', async () => {
    const s = await connect();
    await s.write('\r');
    await sleep(200);
    s.out.take();
    await s.write('n = 0\r');
    await s.out.until('>>> ');
    await s.write('while True: n += 1\r\r');
    await sleep(300);
    await s.write('\x03');
    const text = await s.out.until('>>> ', 5000);
    expect(text).toContain(
      'Traceback (most recent call last):\r\n  File "<stdin>", line 1, in <module>\r\nKeyboardInterrupt: \r\n',
    );
    await s.write('n > 1000\r');
    expect(await s.out.until('>>> ')).toContain('True\r\n');
  });

  it('runs /usr/main.py at boot; received bytes wait in the receive buffer until Ctrl-C stops it', async () => {
    // main.py waits for a line first: opening the port flushes what the module printed before (serialport's open
    // does tcflush), so its first words must come after the port is open
    const main = 'import utime\ninput()\nprint("main.py started")\nwhile True:\n    utime.sleep_ms(50)\n';
    const s = await connect({ files: { '/usr/main.py': main } });
    await s.write('\r');
    await s.out.until('main.py started\r\n', 5000);
    await s.write('\x03');
    expect(await s.out.until('>>> ', 5000)).toMatch(/File "main\.py", line \d, in <module>\r\nKeyboardInterrupt: \r\n/);
    await s.write('\x04\r'); // soft reboot from the friendly prompt runs main.py again (the line waits for it)
    await s.out.until('MPY: soft reboot\r\n\r\nmain.py started\r\n', 5000);
    // only Ctrl-C acts while main.py runs: the line stays in the UART buffer, the REPL reads it afterwards
    await s.write('print("kept", 6*7)\r');
    await sleep(200);
    expect(s.out.take()).toBe('');
    await s.write('\x03');
    const text = await s.out.until('>>> ', 5000);
    expect(text).toMatch(
      /^Traceback \(most recent call last\):\r\n {2}File "main\.py", line \d, in <module>\r\nKeyboardInterrupt: \r\nMPY: soft reboot\r\nQuecPython .*\r\n>>> $/s,
    );
    expect(text).not.toContain('main.py started');
    expect(await s.out.until('>>> ', 5000)).toBe('print("kept", 6*7)\r\nkept 42\r\n>>> ');
  });

  it('enters the raw REPL at the first attempt while a looping main.py runs (pyboard.py/mpremote sequence)', async () => {
    // (main.py waits for a line first so that its output comes after the port is open, see above)
    const main = 'import utime\ninput()\nprint("main running")\nwhile True:\n    utime.sleep_ms(10)\n';
    for (let attempt = 0; attempt < 3; attempt++) {
      const s = await connect({ files: { '/usr/main.py': main } });
      await s.write('\r');
      await s.out.until('main running\r\n', 10_000);
      // pyboard.enter_raw_repl: Ctrl-C, flush, Ctrl-A at once — the module is still rebooting when Ctrl-A arrives
      await s.write('\r\x03');
      await s.write('\r\x01');
      await s.out.until(`${RAW_BANNER}>`, 10_000);
      await s.write('\x04');
      await s.out.until(`soft reboot\r\n${RAW_BANNER}`, 10_000);
      expect(await s.exec('print("in raw")')).toEqual(['in raw\r\n', '']);
      for (const c of cleanups.splice(0).reverse()) await c();
    }
  });

  it('has only u-prefixed modules on legacy firmware', async () => {
    const s = await connect({ firmware: 'legacy' });
    await s.enterRaw(true);
    expect(
      await s.exec('import uos, utime, ubinascii, uhashlib, ujson, uzlib, ustruct, usocket, uio\nprint("ok")'),
    ).toEqual(['ok\r\n', '']);
    const [, stderr] = await s.exec('import os');
    expect(stderr).toBe(
      'Traceback (most recent call last):\r\n  File "<stdin>", line 1, in <module>\r\nImportError: no module named \'os\'\r\n',
    );
  });

  it('raises ENOSPC when the flash is full and keeps / read-only', async () => {
    const s = await connect({ flashSize: 64 * 1024 });
    await s.enterRaw(true);
    const [statvfs] = await s.exec('import uos\nprint(uos.statvfs("/usr"))');
    expect(statvfs).toMatch(/^\(4096, 4096, 16, 1[0-9], 1[0-9], 0, 0, 0, 0, 255\)\r\n$/);
    const [out, err] = await s.exec(
      'f = open("/usr/fill.bin", "wb")\ntry:\n    for i in range(100):\n        f.write(bytes(1024))\nexcept OSError as e:\n    print("errno", e.args[0], "after", i, "KiB")\nf.close()',
    );
    expect(err).toBe('');
    expect(out).toMatch(/^errno 28 after \d+ KiB\r\n$/);
    const [, denied] = await s.exec('open("/x.txt", "w")');
    expect(denied).toContain('OSError: [Errno 13] EACCES');
  });

  it('removes the pty link when it stops', async () => {
    const pty = await startSimulatorPty({ link: join(dir, 'tty-stop') });
    expect(existsSync(pty.path)).toBe(true);
    await pty.close();
    expect(existsSync(pty.path)).toBe(false);
  });
});
