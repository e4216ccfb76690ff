import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator, type SimulatorOptions } from '../../electron/sim';
import { bytes, Collector } from './helpers';

const RAW_BANNER = 'raw REPL; CTRL-B to exit\r\n>';
const open: Simulator[] = [];

const start = async (options: SimulatorOptions = {}) => {
  const sim = createSimulator({ latencyMs: 0, ...options });
  open.push(sim);
  const out = new Collector(sim);
  await sim.ready();
  return { sim, out };
};

/** A module at the raw REPL's prompt (Ctrl-A from the friendly prompt). */
const startInRawRepl = async () => {
  const started = await start();
  await started.out.until('>>> ');
  started.sim.write(bytes('\x01'));
  await started.out.until(RAW_BANNER);
  return started;
};

afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

describe('simulated module REPL (library)', () => {
  it('prints the QuecPython banner and evaluates expressions in the friendly REPL', async () => {
    const { sim, out } = await start({ model: 'EC600N', firmware: 'modern' });
    const boot = await out.until('>>> ');
    expect(boot).toMatch(/^QuecPython V[\d.]+, based on MicroPython v1\.2\d[^;]*; EC600N with QUECTEL\r\n/);
    expect(boot).toContain('Type "help()" for more information.\r\n');
    sim.write(bytes('6*7\r'));
    expect(await out.until('>>> ')).toBe('6*7\r\n42\r\n>>> ');
    sim.write(bytes('print("a\\nb")\r'));
    expect(await out.until('>>> ')).toBe('print("a\\nb")\r\na\r\nb\r\n>>> ');
  });

  it.each(['legacy', 'modern'] as const)('names the Quectel module in uos.uname() (%s firmware)', async (firmware) => {
    const { sim, out } = await start({ model: 'EC600U', firmware });
    await out.until('>>> ');
    sim.write(bytes('import uos; u = uos.uname(); print(u.sysname, u.machine, u.release)\r'));
    const release = firmware === 'legacy' ? '1.13.0' : '1.23.0';
    expect(await out.until('>>> ')).toContain(`\r\nEC600U EC600U with QUECTEL ${release}\r\n`);
  });

  it('follows pyexec.c in raw REPL: OK, output, \\x04, traceback, \\x04, >', async () => {
    const { sim, out } = await start();
    await out.until('>>> ');
    sim.write(bytes('\r\x01'));
    expect(await out.until(RAW_BANNER)).toBe('\r\n>>> \r\n' + RAW_BANNER);
    sim.write(bytes('print(1+1)\x04'));
    expect(await out.until('\x04>')).toBe('OK2\r\n\x04\x04>');
    sim.write(bytes('1/0\x04'));
    expect(await out.until('\x04>')).toBe(
      'OK\x04Traceback (most recent call last):\r\n  File "<stdin>", line 1, in <module>\r\nZeroDivisionError: divide by zero\r\n\x04>',
    );
  });

  it('soft-reboots on Ctrl-D at an empty raw line and comes back in raw mode', async () => {
    const { sim, out } = await start();
    await out.until('>>> ');
    sim.write(bytes('x = 5\r'));
    await out.until('>>> ');
    sim.write(bytes('\x01'));
    await out.until(RAW_BANNER);
    sim.write(bytes('\x04'));
    expect(await out.until(RAW_BANNER)).toBe('OK\r\nMPY: soft reboot\r\n' + RAW_BANNER);
    sim.write(bytes('print(x)\x04'));
    expect(await out.until('\x04>')).toContain("NameError: name 'x' isn't defined");
    sim.write(bytes('\x02'));
    expect(await out.until('>>> ')).toMatch(/^\r\nQuecPython .*\r\nType "help\(\)" for more information\.\r\n>>> $/);
  });

  it('does raw-paste with flow control and the configured window', async () => {
    const { sim, out } = await start({ firmware: 'modern' });
    await out.until('>>> ');
    sim.write(bytes('\x01'));
    await out.until(RAW_BANNER);
    sim.write(bytes('\x05A\x01'));
    expect(await out.until(/R\x01..\x01/s)).toBe('R\x01\x00\x01\x01');
    const code = `x = ${'1+'.repeat(300)}1\nprint(x)\n`;
    // a window (256) is free plus one more; the device grants a new one after each window consumed
    sim.write(bytes(code.slice(0, 512)));
    const grants = await out.until('\x01\x01');
    expect(grants).toBe('\x01\x01');
    sim.write(bytes(code.slice(512)));
    sim.write(bytes('\x04'));
    expect(await out.until('\x04>')).toBe('\x04301\r\n\x04\x04>');
  });

  it('answers R\\x00 when raw-paste is off and keeps the raw REPL usable', async () => {
    const { sim, out } = await start({ rawPaste: false });
    await out.until('>>> ');
    sim.write(bytes('\x01'));
    await out.until(RAW_BANNER);
    sim.write(bytes('\x05A\x01'));
    expect(await out.until('R\x00')).toBe('R\x00');
    sim.write(bytes('print("legacy")\x04'));
    expect(await out.until('\x04>')).toBe('OKlegacy\r\n\x04\x04>');
  });

  it('uses a 128-byte window on legacy firmware', async () => {
    const { sim, out } = await start({ firmware: 'legacy' });
    await out.until('>>> ');
    sim.write(bytes('\x01'));
    await out.until(RAW_BANNER);
    sim.write(bytes('\x05A\x01'));
    expect(await out.until(/R\x01..\x01/s)).toBe('R\x01\x80\x00\x01');
  });

  it('treats the raw-paste probe as a raw REPL reset when raw-paste is absent (MicroPython 1.13)', async () => {
    const { sim, out } = await start({ firmware: 'legacy', rawPaste: 'absent' });
    await out.until('>>> ');
    sim.write(bytes('\x01'));
    await out.until(RAW_BANNER);
    sim.write(bytes('\x05A\x01'));
    expect(await out.until(RAW_BANNER)).toBe(RAW_BANNER);
    sim.write(bytes('print(3)\x04'));
    expect(await out.until('\x04>')).toBe('OK3\r\n\x04\x04>');
  });

  it('has the modules file transfer relies on: sha256, base64, zlib/deflate decompression', async () => {
    const { sim, out } = await start({ firmware: 'legacy' });
    await out.until('>>> ');
    sim.write(bytes('\x01'));
    await out.until(RAW_BANNER);
    const packed = Buffer.from('x\x9c+I-.\x01\x00\x04]\x01\xc1', 'latin1').toString('base64');
    sim.write(
      bytes(
        [
          'import uhashlib, ubinascii, uzlib, uio',
          `raw = ubinascii.a2b_base64("${packed}")`,
          'print(uzlib.decompress(raw))',
          'print(uzlib.DecompIO(uio.BytesIO(raw), 15).read())',
          'print(ubinascii.hexlify(uhashlib.sha256(b"abc").digest()))',
        ].join('\n') + '\x04',
      ),
    );
    expect(await out.until('\x04>')).toBe(
      "OKb'test'\r\nb'test'\r\nb'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'\r\n\x04\x04>",
    );
  });

  // A Ctrl-C that lands while the interpreter holds its scheduler lock (here a scheduled callback, in the field also the
  // collector's finalisers) must wait for the unlock, as mp_keyboard_interrupt does; writing "pending" over the lock
  // left the module deaf to Ctrl-C for good (1 boot in 9 under load in connect-while-booting, issue #15).
  it('interrupts a loop with a Ctrl-C that arrived while a scheduled callback ran', async () => {
    const { sim, out } = await startInRawRepl();
    sim.write(
      bytes(
        [
          'import micropython, utime',
          'started = []',
          'def busy(_):',
          '    started.append(1)',
          '    t = utime.ticks_ms()',
          '    while utime.ticks_diff(utime.ticks_ms(), t) < 1500:',
          '        pass',
          'micropython.schedule(busy, None)',
          'print("scheduled")',
          'while True:',
          '    utime.sleep_ms(20)',
        ].join('\n') + '\x04',
      ),
    );
    await out.until('scheduled');
    await new Promise((r) => setTimeout(r, 300));
    sim.write(bytes('\x03'));
    expect(await out.until('\x04>', 10_000)).toMatch(/KeyboardInterrupt: \r\n\x04>$/);
  });

  // MicroPython's import search takes any exception from a file system's stat() for "no such file". The simulator's
  // flash is Python, so a Ctrl-C raised inside it vanished there and main.py ran on, deaf (connect-while-booting,
  // issue #15); on the module the file system is C and the Ctrl-C is raised once Python code runs again.
  it('interrupts a loop with a Ctrl-C that arrived during an import search', async () => {
    const { sim, out } = await startInRawRepl();
    sim.write(
      bytes(
        [
          'import sys, _qpyboot',
          "sys.path[:0] = ['/usr/d%d' % i for i in range(500)]",
          'print("searching")',
          'while True:',
          '    try:',
          "        _qpyboot.internal_import('nosuchmodule')",
          '    except ImportError:',
          '        pass',
        ].join('\n') + '\x04',
      ),
    );
    await out.until('searching');
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, 200));
      sim.write(bytes('\x03'));
      expect(await out.until('\x04>', 10_000)).toMatch(/KeyboardInterrupt: \r\n\x04>$/);
      sim.write(
        bytes(
          'while True:\n    try:\n        _qpyboot.internal_import("nosuchmodule")\n    except ImportError:\n        pass\n\x04',
        ),
      );
      await out.until('OK');
    }
  });

  it('interrupts a busy loop with Ctrl-C', async () => {
    const { sim, out } = await startInRawRepl();
    sim.write(bytes('i = 0\nwhile True:\n    i += 1\n\x04'));
    await out.until('OK');
    await new Promise((r) => setTimeout(r, 100));
    sim.write(bytes('\x03'));
    const result = await out.until('\x04>');
    expect(result).toBe(
      '\x04Traceback (most recent call last):\r\n  File "<stdin>", line 3, in <module>\r\nKeyboardInterrupt: \r\n\x04>',
    );
    sim.write(bytes('print(i > 1000)\x04'));
    expect(await out.until('\x04>')).toBe('OKTrue\r\n\x04\x04>');
  });
});
