import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator, type SimulatorOptions } from '../../electron/sim';
import { transformThreads } from '../../electron/sim/worker/thread-transform';
import mqtt from 'mqtt';
import { startAedes } from './brokers';
import { bytes, Collector } from './helpers';

const open: Simulator[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
  for (const c of cleanups.splice(0).reverse()) await c();
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

  /** Each thread's next entry comes after the other thread's previous one: they ran side by side. */
  const expectInterleaved = (order: string[], a: string, b: string, n = 3): void => {
    expect([...order].sort()).toEqual(
      [...Array.from({ length: n }, (_, i) => `${a}${i}`), ...Array.from({ length: n }, (_, i) => `${b}${i}`)].sort(),
    );
    const at = (l: string) => order.indexOf(l);
    for (let i = 1; i < n; i++) {
      expect(at(`${b}${i - 1}`)).toBeLessThan(at(`${a}${i}`));
      expect(at(`${a}${i - 1}`)).toBeLessThan(at(`${b}${i}`));
    }
  };
  const printedList = (text: string): string[] => {
    const m = /\[([^\]]*)\]/.exec(text);
    return (m?.[1] ?? '').split(',').map((x) => x.trim().replace(/^'|'$/g, ''));
  };

  it('pauses threads in a helper that sleeps, an aliased sleep, a try/with body and a closure', async () => {
    const { sim, out } = await start();
    const exec = await raw(sim, out);
    const text = await exec(`import _thread, utime
from utime import sleep_ms
lock = _thread.allocate_lock()
out = []

def pause():
    sleep_ms(10)

def a():
    try:
        for i in range(3):
            out.append('A%d' % i)
            pause()
    finally:
        pass

def make(name):
    def b():
        with lock:
            pass
        for i in range(3):
            out.append(name + str(i))
            utime.sleep_ms(10)
    return b

_thread.start_new_thread(a, ())
_thread.start_new_thread(make('B'), ())
utime.sleep_ms(400)
print(out)`);
    expectInterleaved(printedList(text), 'A', 'B');
  });

  it('makes functions from modules imported from /usr and from exec() dual-mode too', async () => {
    const worker =
      'import utime\n\n\ndef loop(out, name):\n    for i in range(3):\n        out.append(name + str(i))\n        utime.sleep_ms(10)\n    raise ValueError(name)\n';
    const { sim, out } = await start({ files: { '/usr/worker.py': worker } });
    const exec = await raw(sim, out);
    const text = await exec(`import _thread, utime, worker
exec("def other(out):\\n    for i in range(3):\\n        out.append('E%d' % i)\\n        utime.sleep_ms(10)\\n")
out = []
_thread.start_new_thread(worker.loop, (out, 'W'))
_thread.start_new_thread(other, (out,))
utime.sleep_ms(400)
print(out)`);
    expectInterleaved(printedList(text), 'W', 'E');
    // the imported module's lines keep their numbers in the thread's traceback
    expect(text).toContain('File "worker.py", line 8, in loop\r\nValueError: W\r\n');
  });

  it('gives way in busy loops: the REPL answers, other threads advance, Ctrl-C still works', async () => {
    const { sim, out } = await start();
    const exec = await raw(sim, out);
    await exec(`import _thread, utime
n = 0
m = 0

def busy():
    global n
    while True:
        n += 1

def ticker():
    global m
    while True:
        m += 1
        utime.sleep_ms(10)

_thread.start_new_thread(busy, ())
_thread.start_new_thread(ticker, ())`);
    sim.write(bytes('\x02'));
    await out.until('>>> ', 10_000);
    const typed = performance.now();
    sim.write(bytes('print(1+1)\r'));
    expect(await out.until('>>> ', 10_000)).toContain('\r\n2\r\n');
    expect(performance.now() - typed).toBeLessThan(3000);
    sim.write(bytes('a, b = n, m; utime.sleep_ms(300); print(n > a, m > b)\r'));
    expect(await out.until('>>> ', 10_000)).toContain('\r\nTrue True\r\n');
    sim.write(bytes('while True: pass\r'));
    await out.until('... ');
    sim.write(bytes('\r'));
    await out.until('\r\n');
    sim.write(bytes('\x03'));
    expect(await out.until('>>> ', 10_000)).toContain('KeyboardInterrupt');
    sim.write(bytes('b = m; utime.sleep_ms(200); print(m > b)\r'));
    expect(await out.until('>>> ', 10_000)).toContain('\r\nTrue\r\n');
  });

  it('pauses a thread in umqtt wait_msg() (a socket wait deep in its calls) while the REPL and a ticker run', async () => {
    const broker = await startAedes();
    cleanups.push(() => broker.close());
    const { sim, out } = await start({ networkRedirect: () => ({ host: '127.0.0.1', port: broker.port }) });
    const exec = await raw(sim, out);
    await exec(`from umqtt.simple import MQTTClient
import _thread, utime
got = []
c = MQTTClient('qpy-thread-test', 'broker.example', 1883)
c.set_callback(lambda t, m: got.append(m))
c.connect()
c.subscribe(b'down')
m = 0

def rx():
    while True:
        c.wait_msg()

def ticker():
    global m
    while True:
        m += 1
        utime.sleep_ms(10)

_thread.start_new_thread(rx, ())
_thread.start_new_thread(ticker, ())`);
    sim.write(bytes('\x02'));
    await out.until('>>> ', 10_000);
    sim.write(bytes('b = m; utime.sleep_ms(200); print(m > b, got)\r'));
    expect(await out.until('>>> ', 10_000)).toContain('\r\nTrue []\r\n');
    const host = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, { clientId: 'qpy-thread-host' });
    cleanups.push(() => host.endAsync());
    await host.publishAsync('down', 'hello');
    let seen = '';
    for (let i = 0; i < 50 && !seen.includes("[b'hello']"); i++) {
      sim.write(bytes('utime.sleep_ms(100); print(got)\r'));
      seen = await out.until('>>> ', 10_000);
    }
    expect(seen).toContain("\r\n[b'hello']\r\n");
  });

  it('keeps raw-REPL bytes that are not UTF-8 unchanged while it rewrites (a push sends file data that way)', async () => {
    const { sim, out } = await start();
    await raw(sim, out);
    const code = Buffer.concat([
      Buffer.from(
        "import _thread, utime\n\ndef w():\n    print('线程', 1)\n    utime.sleep_ms(1)\n\nf = open('b.bin', 'wb')\nf.write(b'",
        'utf8',
      ),
      Buffer.from([0xff, 0xfe, 0x80, 0x41]),
      Buffer.from("')\nf.close()\n_thread.start_new_thread(w, ())\nutime.sleep_ms(50)\n", 'utf8'),
    ]);
    sim.write(new Uint8Array([...code, 0x04]));
    const text = Buffer.from(await out.until('\x04>', 15_000), 'latin1').toString('utf8');
    expect(text).toBe('OK线程 1\r\n\x04\x04>');
    expect([...((await sim.readFile('/usr/b.bin')) ?? [])]).toEqual([0xff, 0xfe, 0x80, 0x41]);
  });
});

describe('thread rewrite (source transformation)', () => {
  const keys = () => {
    let k = 1;
    return () => k++;
  };
  const ENTRY = '_qpy_thread.pending and _qpy_thread.enter';

  it('keeps every line number; the twin waits in every call and gives way in loops', () => {
    const src =
      'import utime\n\ndef w(a, b=2, *rest, **kw):\n    x = 1\n    utime.sleep(a)  # wait\n    while x:\n        x = f(g(x))\n    return x\nw(1)\n';
    const { source, entries } = transformThreads(src, 'main.py', keys());
    const lines = source.split('\n');
    const original = src.split('\n');
    expect(lines.length).toBe(original.length);
    expect(lines[3]).toBe(`    ${ENTRY}('w', 1, globals(), (a, b,) + tuple(rest), kw); x = 1`);
    expect([...lines.slice(0, 3), ...lines.slice(4)]).toEqual([...original.slice(0, 3), ...original.slice(4)]);
    expect(entries).toHaveLength(1);
    const twin = (entries[0]?.source ?? '').split('\n');
    expect(twin.slice(0, 2)).toEqual(['', '']);
    expect(twin.slice(2, 8)).toEqual([
      'def w(a, b=2, *rest, **kw):',
      '    x = 1',
      '    (yield from _qpy_thread.co(utime.sleep, a))  # wait',
      '    while x:',
      '        _qpy_thread.over() and (yield 0); x = (yield from _qpy_thread.co(f, (yield from _qpy_thread.co(g, x))))',
      '    return x',
    ]);
    expect(entries[0]?.filename).toBe('main.py');
  });

  it('starts a while/for/if/with header with the entry call and keeps the condition', () => {
    const src =
      'class H:\n    @classmethod\n    def pub(cls, msg):\n        while True:  # forever\n            utime.sleep_ms(2000)\n' +
      'def w(lock):\n    with lock as l, open(p) as f:\n        g()\n';
    const { source, entries } = transformThreads(src, '<stdin>', keys());
    expect(source.split('\n')[3]).toBe(
      `        while (${ENTRY}('pub', 1, globals(), (cls, msg,), {}, ())) or (True):  # forever`,
    );
    expect(source.split('\n')[6]).toBe(
      `    with (${ENTRY}('w', 2, globals(), (lock,), {})) or (lock) as l, open(p) as f:`,
    );
    // a method's twin is compiled inside a wrapper on the line above, so its indentation and lines stay
    expect(entries[0]?.source.split('\n').slice(0, 7)).toEqual([
      '',
      'def _qpy_shim():',
      '    def pub(cls, msg):',
      '        while True:  # forever',
      '            _qpy_thread.over() and (yield 0); (yield from _qpy_thread.co(utime.sleep_ms, 2000))',
      '    return pub',
      '',
    ]);
  });

  it('enters a body starting with try: at its first statement, and gives a closure its variables', () => {
    const src =
      'def outer(n):\n    x = 1\n    def inner(a, *, b=2):\n        try:\n            pause(x + n)\n        except E:\n            pass\n    return inner\n';
    const { source, entries } = transformThreads(src, '<stdin>', keys());
    expect(source.split('\n')[4]).toBe(
      `            ${ENTRY}('inner', 1, globals(), (a,), {'b': b}, (n, x,)); pause(x + n)`,
    );
    expect(entries[0]?.source.split('\n').slice(1, 5)).toEqual([
      'def _qpy_shim(n, x):',
      '    def inner(a, *, b=2):',
      '        try:',
      '            (yield from _qpy_thread.co(pause, x + n))',
    ]);
  });

  it('leaves builtins, lambdas and comprehensions as calls; exec/eval of a string compile as the module does', () => {
    const src = 'def w(q):\n    print(len(q), [h(i) for i in q], lambda: h(1))\n    exec("x = 1", {})\n';
    const { source, entries } = transformThreads(src, '<stdin>', keys());
    expect(source.split('\n')[2]).toBe(`    exec(_qpy_thread.src("x = 1", 'exec'), {})`);
    expect(entries).toEqual([]);
    expect(transformThreads('eval(s)\n', '<stdin>', keys()).source).toBe("eval(_qpy_thread.src(s, 'eval'))\n");
  });

  it('turns super() into its two-argument form in a method twin', () => {
    const src = 'class B(A):\n    def run(self):\n        super().run()\n';
    const { entries } = transformThreads(src, '<stdin>', keys());
    expect(entries[0]?.source.split('\n')[2]).toBe('        (yield from _qpy_thread.co(super(B, self).run))');
  });

  it.each([
    ['a generator', '\ndef w():\n    yield 1\n    utime.sleep_ms(1)\n'],
    ['an async function', '\nasync def w():\n    await utime.sleep_ms(1)\n'],
    ['nonlocal', 'def o():\n    n = 1\n    def w():\n        nonlocal n\n        utime.sleep_ms(n)\n'],
    ['a function that neither calls nor loops', '\ndef w(a):\n    return a + 1\n'],
    ['a def inside a string', 's = """\n\ndef w():\n    utime.sleep_ms(1)\n"""\n'],
    ['code with a syntax error (the interpreter reports it)', 'def w():\n    utime.sleep_ms(1\n'],
  ])('leaves %s alone', (_what, src) => {
    const { source, entries } = transformThreads(src, '<stdin>', keys());
    expect(source).toBe(src);
    expect(entries).toEqual([]);
  });
});
