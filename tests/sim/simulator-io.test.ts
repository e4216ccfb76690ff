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
        'import sys\nsys.stdout.buffer.write(b"A\\nB\\n ")\nsys.stdout.write("c\\nd")\nprint("e", file=sys.stdout)\nsys.stdout.buffer.write(b"X\\nYZ", 2)\x04',
      ),
    );
    // write(buf, n) writes the first n bytes, as mpremote's mount protocol calls it
    expect(await out.until('\x04>')).toBe('OKA\nB\n c\r\nde\r\nX\n\x04\x04>');
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

const rawExec = async (sim: Simulator, out: Collector, code: string): Promise<string> => {
  sim.write(bytes(`${code}\x04`));
  return out.until('\x04>', 10_000);
};

const enterRaw = async (sim: Simulator, out: Collector): Promise<void> => {
  sim.write(bytes('\x01'));
  await out.until('raw REPL; CTRL-B to exit\r\n>');
};

describe('legacy firmware syntax (MicroPython 1.13)', () => {
  it('refuses f-strings with the SyntaxError 1.13 gives, in the raw REPL, in raw-paste, in imports, compile() and exec()', async () => {
    const { sim, out } = await start({ firmware: 'legacy' });
    await enterRaw(sim, out);
    expect(await rawExec(sim, out, 'x = 1\nprint(f"{x}")')).toBe(
      'OK\x04Traceback (most recent call last):\r\n  File "<stdin>", line 2\r\nSyntaxError: invalid syntax\r\n\x04>',
    );
    // walrus is in 1.13 (PEP 572, MICROPY_PY_ASSIGN_EXPR); strings that merely contain f" stay valid
    expect(await rawExec(sim, out, 'if (n := 3) > 2:\n    print("walrus", n, "f\\"x\\"", r"\\d", \'f\')  # f"')).toBe(
      'OKwalrus 3 f"x" \\d f\r\n\x04\x04>',
    );
    await rawExec(sim, out, 'f = open("fmod.py", "w")\nf.write("y = 2\\ns = f\\"{y}\\"\\n")\nf.close()');
    expect(await rawExec(sim, out, 'import fmod')).toBe(
      'OK\x04Traceback (most recent call last):\r\n  File "<stdin>", line 1, in <module>\r\n  File "fmod.py", line 2\r\nSyntaxError: invalid syntax\r\n\x04>',
    );
    expect(await rawExec(sim, out, 'compile(\'rf"{1}"\', "src", "eval")')).toContain(
      '  File "src", line 1\r\nSyntaxError: invalid syntax\r\n',
    );
    expect(await rawExec(sim, out, 'exec(\'x = 1\\nprint(f"{x}")\')')).toContain(
      '  File "<string>", line 2\r\nSyntaxError: invalid syntax\r\n',
    );
    sim.write(bytes('\x05A\x01'));
    await out.until('\x01', 5000);
    sim.write(bytes('print(f"{1+1}")\x04'));
    expect(await out.until('\x04>', 10_000)).toContain('SyntaxError: invalid syntax\r\n');
  });

  it('accepts f-strings on modern firmware', async () => {
    const { sim, out } = await start({ firmware: 'modern' });
    await enterRaw(sim, out);
    expect(await rawExec(sim, out, 'x = 6\nprint(f"{x*7}")')).toBe('OK42\r\n\x04\x04>');
  });

  it('runs a legacy main.py with an f-string into the same SyntaxError', async () => {
    const sim = createSimulator({
      latencyMs: 0,
      firmware: 'legacy',
      files: { '/usr/main.py': 'print("a")\nprint(f"b")\n' },
    });
    open.push(sim);
    const out = new Collector(sim);
    expect(await out.until('>>> ', 10_000)).toContain(
      'Traceback (most recent call last):\r\n  File "main.py", line 2\r\nSyntaxError: invalid syntax\r\n',
    );
    expect(out.text).not.toContain('a\r\n');
  });
});

describe('module-sized heap', () => {
  it.each([
    [undefined, 512 * 1024],
    [256 * 1024, 256 * 1024],
  ])(
    'reports gc.mem_free() within the heap (heapSize %s) and refuses an allocation larger than it',
    async (heapSize, size) => {
      const { sim, out } = await start(heapSize ? { heapSize } : {});
      await enterRaw(sim, out);
      const free = /OK(\d+)\r\n/.exec(await rawExec(sim, out, 'import gc\nprint(gc.mem_free())'));
      expect(Number(free?.[1])).toBeGreaterThan(size / 2);
      expect(Number(free?.[1])).toBeLessThan(size);
      expect(await rawExec(sim, out, `b = bytearray(${size * 2})`)).toContain(
        `MemoryError: memory allocation failed, allocating ${size * 2} bytes\r\n`,
      );
      expect(await rawExec(sim, out, `b = bytearray(${size / 2}); print(len(b))`)).toBe(`OK${size / 2}\r\n\x04\x04>`);
      // garbage made in a long run does not run the heap out (the module collects it)
      expect(await rawExec(sim, out, 'for i in range(2000):\n    s = "x" * 1000\nprint("done")')).toBe(
        'OKdone\r\n\x04\x04>',
      );
    },
  );

  it('refuses a heap size out of range', () => {
    expect(() => createSimulator({ heapSize: 1000 })).toThrow('heapSize 1000 is out of range');
  });
});

describe('file times', () => {
  it('gives files and folders real mtimes (rshell rsync compares them) that follow utime.time()', async () => {
    const { sim, out } = await start();
    await enterRaw(sim, out);
    const before = Math.floor(Date.now() / 1000);
    const text = await rawExec(
      sim,
      out,
      'import uos, utime\nf = open("/usr/t.txt", "w")\nf.write("x")\nf.close()\nuos.mkdir("/usr/d")\nprint(uos.stat("/usr/t.txt")[8], uos.stat("/usr/d")[8], utime.time())',
    );
    const [file = 0, dir = 0, now = 0] = (/OK(\d+) (\d+) (\d+)\r\n/.exec(text) ?? []).slice(1).map(Number);
    const after = Math.ceil(Date.now() / 1000);
    for (const t of [file, dir]) {
      expect(t).toBeGreaterThanOrEqual(before);
      expect(t).toBeLessThanOrEqual(after);
      expect(Math.abs(t - now)).toBeLessThanOrEqual(2);
    }
  });
});
