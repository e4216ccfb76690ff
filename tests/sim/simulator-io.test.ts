import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator, type SimulatorOptions } from '../../electron/sim';
import { bytes, Collector } from './helpers';

const open: Simulator[] = [];

const start = async (options: SimulatorOptions = {}) => {
  const sim = createSimulator({ latencyMs: 0, ...options });
  open.push(sim);
  const out = new Collector(sim);
  await sim.ready();
  await out.until('>>> ');
  return { sim, out };
};

afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

describe('simulated module stdin/stdout', () => {
  it('reads a line for input() from the port: prompt, echo, backspace, Enter ends it', async () => {
    const { sim, out } = await start();
    sim.write(bytes('name = input("name? ")\r'));
    await out.until('")\r\nname? ');
    sim.write(bytes('ab'));
    expect(await out.until('ab')).toBe('ab');
    sim.write(bytes('\x7fcd'));
    expect(await out.until('cd')).toBe('\b \bcd');
    sim.write(bytes('\r'));
    expect(await out.until('>>> ')).toBe('\r\n>>> ');
    sim.write(bytes('print(repr(name))\r'));
    expect(await out.until('>>> ')).toBe("print(repr(name))\r\n'acd'\r\n>>> ");
  });

  it('raises KeyboardInterrupt in input() on Ctrl-C and EOFError on Ctrl-D at an empty line', async () => {
    const { sim, out } = await start();
    sim.write(bytes('input("> ")\r'));
    await out.until('input("> ")\r\n> ');
    sim.write(bytes('half'));
    await out.until('half');
    sim.write(bytes('\x03'));
    expect(await out.until('>>> ')).toBe(
      'Traceback (most recent call last):\r\n  File "<stdin>", line 1, in <module>\r\nKeyboardInterrupt: \r\n>>> ',
    );
    sim.write(bytes('input()\r'));
    await out.until('input()\r\n');
    sim.write(bytes('\x04'));
    expect(await out.until('>>> ')).toBe(
      'Traceback (most recent call last):\r\n  File "<stdin>", line 1, in <module>\r\nEOFError: \r\n>>> ',
    );
    // the REPL is fully usable afterwards
    sim.write(bytes('6*7\r'));
    expect(await out.until('>>> ')).toBe('6*7\r\n42\r\n>>> ');
  });

  it('raises KeyboardInterrupt in input() when Ctrl-C is not the interrupt character', async () => {
    const { sim, out } = await start();
    sim.write(bytes('import micropython\r'));
    await out.until('>>> ');
    sim.write(bytes('micropython.kbd_intr(-1); input()\r'));
    await out.until('input()\r\n');
    sim.write(bytes('\x03'));
    expect(await out.until('>>> ')).toContain('KeyboardInterrupt: \r\n');
  });

  it('sends sys.stdout.buffer bytes raw while text output stays cooked', async () => {
    const { sim, out } = await start();
    sim.write(bytes('\x01'));
    await out.until('raw REPL; CTRL-B to exit\r\n>');
    sim.write(
      bytes(
        'import sys\nsys.stdout.buffer.write(b"A\\nB\\n ")\nsys.stdout.write("c\\nd")\nprint("e", file=sys.stdout)\x04',
      ),
    );
    expect(await out.until('\x04>')).toBe('OKA\nB\n c\r\nde\r\n\x04\x04>');
  });
});

describe('simulated module version facts', () => {
  it.each([
    ['legacy', '3.4.0', "(name='micropython', version=(1, 13, 0), mpy=517)"],
    [
      'modern',
      '3.4.0; MicroPython v1.23.0 on 2024-11-20',
      "(name='micropython', version=(1, 23, 0, ''), _machine='EC600U with QUECTEL', _mpy=774)",
    ],
  ] as const)(
    'reports the %s firmware in sys.version, sys.implementation and sys.platform',
    async (firmware, version, impl) => {
      const { sim, out } = await start({ firmware, model: 'EC600U' });
      sim.write(bytes('import usys as sys; print(sys.version); print(sys.implementation); print(sys.platform)\r'));
      expect(await out.until('>>> ')).toContain(`\r\n${version}\r\n${impl}\r\nEC600U\r\n`);
    },
  );
});
