import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator, type SimulatorOptions } from '../../electron/sim';
import { transformThreads } from '../../electron/sim/worker/thread-transform';
import { bytes, Collector } from './helpers';

const open: Simulator[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

const start = async (options: SimulatorOptions = {}) => {
  const sim = createSimulator({ latencyMs: 0, ...options });
  open.push(sim);
  const out = new Collector(sim);
  await sim.ready();
  await out.until('>>> ', 10_000);
  return { sim, out };
};

const raw = async (sim: Simulator, out: Collector): Promise<(code: string) => Promise<string>> => {
  sim.write(bytes('\x01'));
  await out.until('raw REPL; CTRL-B to exit\r\n>');
  return async (code) => {
    sim.write(bytes(`${code}\x04`));
    return out.until('\x04>', 15_000);
  };
};

const WORKERS = `import _thread, utime

def worker(name):
    for i in range(3):
        print(name, i)
        utime.sleep_ms(10)

_thread.start_new_thread(worker, ('A',))
_thread.start_new_thread(worker, ('B',))
utime.sleep_ms(300)
print('main done')`;

describe('_thread on the simulated module', () => {
  it('interleaves two threads at their sleeps', async () => {
    const { sim, out } = await start();
    const exec = await raw(sim, out);
    const lines = (await exec(WORKERS)).replace(/^OK/, '').split('\r\n');
    expect([...lines].sort()).toEqual(['A 0', 'A 1', 'A 2', 'B 0', 'B 1', 'B 2', 'main done', '\x04\x04>'].sort());
    // each thread's next line comes after the other thread's previous one: they ran side by side
    const at = (l: string) => lines.indexOf(l);
    for (const i of [1, 2]) {
      expect(at(`B ${i - 1}`)).toBeLessThan(at(`A ${i}`));
      expect(at(`A ${i - 1}`)).toBeLessThan(at(`B ${i}`));
    }
  });

  it('keeps the REPL live while a thread loops forever, and Ctrl-C at the prompt leaves the thread running', async () => {
    const { sim, out } = await start();
    const exec = await raw(sim, out);
    await exec(
      'import _thread, utime\nn = 0\n\ndef loop(step):\n    global n\n    while True:\n        n += step\n        utime.sleep_ms(20)\n\n_thread.start_new_thread(loop, (1,))',
    );
    sim.write(bytes('\x02'));
    await out.until('>>> ');
    sim.write(bytes('a = n; utime.sleep_ms(200); print(n > a, _thread.get_ident())\r'));
    expect(await out.until('>>> ', 10_000)).toContain('\r\nTrue 1\r\n');
    sim.write(bytes('\x03'));
    await out.until('>>> ');
    sim.write(bytes('b = n\r'));
    await out.until('>>> ');
    sim.write(bytes('utime.sleep_ms(200); print(n > b)\r'));
    expect(await out.until('>>> ', 10_000)).toContain('\r\nTrue\r\n');
  });

  it('runs a classmethod thread as the seed samples do, with tracebacks on the right lines', async () => {
    const { sim, out } = await start();
    const exec = await raw(sim, out);
    const code = `import _thread, utime

class Handler(object):
    @classmethod
    def pub(cls, msg):
        for i in range(2):
            print(msg, i)
            utime.sleep_ms(20)
        raise ValueError('boom')

def other():
    for i in range(2):
        print('other', i)
        utime.sleep_ms(20)

_thread.start_new_thread(Handler.pub, ('hello',))
_thread.start_new_thread(other, ())
utime.sleep_ms(300)
Handler.pub('direct')`;
    const text = await exec(code);
    const at = (l: string) => text.indexOf(`${l}\r\n`);
    expect(at('other 0')).toBeLessThan(at('hello 1'));
    expect(at('hello 0')).toBeLessThan(at('other 1'));
    expect(text.replace(/(hello|other) \d\r\n/g, '')).toMatch(
      /^OKUnhandled exception in thread started by <bound_method[^\r]*pub[^\r]*>\r\nTraceback \(most recent call last\):\r\n {2}File "<stdin>", line 9, in pub\r\nValueError: boom\r\ndirect 0\r\ndirect 1\r\n\x04Traceback \(most recent call last\):\r\n {2}File "<stdin>", line 19, in <module>\r\n {2}File "<stdin>", line 9, in pub\r\nValueError: boom\r\n\x04>$/,
    );
  });

  it('keeps the REPL live after a main.py that starts a looping thread (seed 001 Handler.pub)', async () => {
    const main = `import utime
import _thread
import sys_bus

count = 0


def on_pub(topic, msg):
    global count
    count += 1


class Handler(object):
    @classmethod
    def pub(cls, msg):
        while True:
            sys_bus.publish('pub', msg)
            utime.sleep_ms(50)


sys_bus.subscribe('pub', on_pub)
_thread.start_new_thread(Handler.pub, ({'topic': 't', 'msg': 'hello world'},))
print('Runing')
`;
    const sim = createSimulator({ latencyMs: 0, files: { '/usr/main.py': main } });
    open.push(sim);
    const out = new Collector(sim);
    await out.until('Runing\r\n', 10_000);
    await out.until('>>> ', 10_000);
    sim.write(bytes('c = count; utime.sleep_ms(300); print(count > c)\r'));
    expect(await out.until('>>> ', 10_000)).toContain('\r\nTrue\r\n');
    sim.write(bytes('6*7\r'));
    expect(await out.until('>>> ', 10_000)).toBe('6*7\r\n42\r\n>>> ');
  });
});

describe('thread rewrite (source transformation)', () => {
  const keys = () => {
    let k = 1;
    return () => k++;
  };

  it('keeps every line number and makes a generator of the statement-level sleeps', () => {
    const src =
      'import utime\n\ndef w(a, b=2, *rest, **kw):\n    x = 1\n    utime.sleep(a)  # wait\n    return x\nw(1)\n';
    const { source, entries } = transformThreads(src, 'main.py', keys());
    const lines = source.split('\n');
    const original = src.split('\n');
    expect(lines.length).toBe(original.length);
    expect(lines[3]).toBe("    _qpy_thread.enter('w', 1, globals(), (a, b,) + tuple(rest), kw); x = 1");
    expect([...lines.slice(0, 3), ...lines.slice(4)]).toEqual([...original.slice(0, 3), ...original.slice(4)]);
    expect(entries).toHaveLength(1);
    const gen = (entries[0]?.source ?? '').split('\n');
    expect(gen[2]).toBe('def w(a, b=2, *rest, **kw):');
    expect(gen[4]).toBe('    yield (a) * 1000');
    expect(entries[0]?.filename).toBe('main.py');
  });

  it('starts a while/for/if header with the call and keeps the condition', () => {
    const src =
      'class H:\n    @classmethod\n    def pub(cls, msg):\n        while True:  # forever\n            utime.sleep_ms(2000)\n';
    const { source } = transformThreads(src, '<stdin>', keys());
    expect(source.split('\n')[3]).toBe(
      "        while _qpy_thread.enter('pub', 1, globals(), (cls, msg,), {}) or (True): # forever",
    );
  });

  it.each([
    ['a nested function (closure)', 'def outer():\n    x = 1\n\n    def w():\n        utime.sleep_ms(x)\n'],
    ['a generator', '\ndef w():\n    yield 1\n    utime.sleep_ms(1)\n'],
    ['a body starting with try:', 'def w():\n    try:\n        utime.sleep_ms(1)\n    except OSError:\n        pass\n'],
    ['keyword-only parameters', '\ndef w(*, a):\n    utime.sleep_ms(a)\n'],
    ['a sleep only inside a nested def', '\ndef w():\n    def inner():\n        utime.sleep_ms(1)\n    inner()\n'],
    ['a def inside a string', 's = """\n\ndef w():\n    utime.sleep_ms(1)\n"""\n'],
  ])('leaves %s alone', (_what, src) => {
    const { source, entries } = transformThreads(src, '<stdin>', keys());
    expect(source).toBe(src);
    expect(entries).toEqual([]);
  });
});
