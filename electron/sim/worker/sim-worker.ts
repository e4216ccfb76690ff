import type { WasmMemory } from './wasm-api';
/**
 * The simulated module's CPU: one MicroPython interpreter (re-created on every soft reboot) driven byte by byte
 * from the host's input ring, blocking on Atomics while it waits for input, time or the network.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { PersonalityLibrary } from '../library';
import { CTRL, VFS_GATE, type WorkerConfig, type WorkerMessage } from '../types';
import { FlashStore } from './flash-store';
import { createHostModule } from './host-module';
import { Input } from './input';
import { asLegacySource } from './legacy-syntax';
import { loadInterpreter, type Interpreter } from './micropython-instance';
import { Output } from './output';
import { Repl } from './repl';
import { transformThreads, type ThreadEntry } from './thread-transform';

interface WorkerInit {
  config: WorkerConfig;
  ctrl: SharedArrayBuffer;
  ring: SharedArrayBuffer;
  outRing: SharedArrayBuffer;
  reply: SharedArrayBuffer;
  library: PersonalityLibrary;
}

const init = workerData as WorkerInit;
const config = init.config;
const ctrl = new Int32Array(init.ctrl);
const replyView = new DataView(init.reply);
const replyBytes = new Uint8Array(init.reply);

const post = (message: WorkerMessage): void => {
  parentPort?.postMessage(message);
};

const input = new Input(ctrl, new Uint8Array(init.ring));
const output = new Output(ctrl, new Uint8Array(init.outRing));

const store = new FlashStore(
  [
    { name: 'usr', capacity: config.flashSize },
    { name: 'bak', capacity: config.bakSize },
  ],
  (change) => {
    if (change.op === 'write')
      post({ type: 'fs', op: 'write', path: change.path, data: (change.data ?? new Uint8Array()).slice() });
    else if (change.op === 'rename') post({ type: 'fs', op: 'rename', path: change.path, to: change.to ?? '' });
    else post({ type: 'fs', op: change.op, path: change.path });
  },
);
for (const file of config.files) {
  if (file.path.endsWith('/')) store.loadDir(file.path);
  else store.load(file.path, file.data);
}

/** Blocking request to the host thread; the reply lands in the shared reply buffer. */
const call = (op: string, args: (string | number)[], data?: Uint8Array): { status: number; data: Uint8Array } => {
  output.flush();
  Atomics.store(ctrl, CTRL.REPLY_READY, 0);
  post({ type: 'call', op, args, ...(data ? { data } : {}) });
  while (Atomics.load(ctrl, CTRL.REPLY_READY) === 0) Atomics.wait(ctrl, CTRL.REPLY_READY, 0, 1000);
  const status = replyView.getInt32(0, true);
  const length = replyView.getInt32(4, true);
  return { status, data: replyBytes.slice(8, 8 + Math.max(0, length)) };
};

const pythonSources = init.library.sources;

let interpreter: Interpreter | undefined;
let background = { threads: 0, nextDue: -1, pollers: 0 };
let netSeenByBackground = 0;
let lastPoll = 0;
const POLLER_INTERVAL_MS = 1000;
const currentMemory = (): WasmMemory => {
  if (!interpreter) throw new Error('interpreter not running');
  return interpreter.memory;
};

/** Generator sources of the thread functions in the code compiled since boot (see thread-transform.ts). */
const threadEntries = new Map<number, ThreadEntry>(init.library.entries.map((e) => [e.key, e]));
let nextThreadKey = init.library.nextKey;

/**
 * What the interpreter compiles instead of `source`: threads rewritten, then legacy syntax; undefined: as is.
 * `twinText` turns a twin's text into what the interpreter reads (see rewriteBytes).
 */
const rewriteSource = (
  source: string,
  filename: string,
  twinText: (text: string) => string = (text) => text,
): string | undefined => {
  const threads = transformThreads(source, filename, () => nextThreadKey++);
  for (const entry of threads.entries) threadEntries.set(entry.key, { ...entry, source: twinText(entry.source) });
  const legacy = config.firmware === 'legacy' ? asLegacySource(threads.source) : undefined;
  const out = legacy ?? threads.source;
  return out === source ? undefined : out;
};

/**
 * Raw-REPL code is bytes, not always UTF-8 (a push sends file data in bytes literals): it is rewritten as latin1,
 * one character per byte, so every byte the rewrite does not touch goes to the interpreter unchanged.
 */
const rewriteBytes = (code: number[]): number[] | undefined => {
  const out = rewriteSource(Buffer.from(code).toString('latin1'), '<stdin>', (text) =>
    Buffer.from(text, 'latin1').toString('utf8'),
  );
  return out === undefined ? undefined : [...Buffer.from(out, 'latin1')];
};

const librarySources = new Map(pythonSources.map(({ name, text }) => [`/${name}`, text]));

const hostModule = createHostModule({
  library: librarySources,
  store,
  input,
  output,
  memory: currentMemory,
  call,
  netEvents: () => Atomics.load(ctrl, CTRL.NET_EVENT),
  rewrite: rewriteSource,
  threadEntry: (key) => threadEntries.get(key),
  interruptChar: () => {
    if (!interpreter) return -1;
    return new Int32Array(interpreter.memory.buffer)[interpreter.interruptCharIndex] ?? -1;
  },
  deferInterrupt: (ch) => {
    if (ch >= 0) {
      Atomics.store(ctrl, CTRL.DEFERRED_INTERRUPT, 0);
      Atomics.store(ctrl, CTRL.DEFER_CHAR, ch + 1);
      return 0;
    }
    Atomics.store(ctrl, CTRL.DEFER_CHAR, 0);
    return Atomics.exchange(ctrl, CTRL.DEFERRED_INTERRUPT, 0);
  },
  vfsEnter: () => {
    while (Atomics.compareExchange(ctrl, CTRL.VFS_GATE, VFS_GATE.OPEN, VFS_GATE.VFS) !== VFS_GATE.OPEN) {
      // the host is raising one this moment: let it finish, then take what it raised
    }
    vfsTookInterrupt = takePendingInterrupt();
  },
  vfsLeave: () => {
    const deferred = Atomics.exchange(ctrl, CTRL.VFS_GATE, VFS_GATE.OPEN) === VFS_GATE.DEFERRED;
    if (!deferred && !vfsTookInterrupt) return;
    vfsTookInterrupt = false;
    interpreter?.mp._module._mp_sched_keyboard_interrupt();
    Atomics.store(ctrl, CTRL.INTERRUPT, 1);
  },
  listening: () => {
    output.flush();
    post({ type: 'listening' });
  },
  setBackground: (threads, nextDue, pollers) => {
    background = { threads, nextDue, pollers };
  },
  config: {
    model: config.model,
    firmware: config.firmware,
    imei: '866327040000000',
    iccid: '89860000000000000000',
    imsi: '460000000000000',
    hide: config.hide.join(','),
    heap: String(config.heapSize),
  },
});

const stdin = (): number | null => {
  const b = input.takeBlocking();
  return b === 'interrupt' ? null : b;
};

/** A KeyboardInterrupt the host raised that the interpreter has not acted on yet, taken back: true if there was one. */
const takePendingInterrupt = (): boolean => {
  if (!interpreter) return false;
  const words = new Int32Array(interpreter.memory.buffer);
  const pending = interpreter.kbd.exception.some(([index, value]) => Atomics.load(words, index) === value);
  if (pending) for (const [index, value] of interpreter.kbdClearWords) if (value === 0) Atomics.store(words, index, 0);
  return pending;
};
let vfsTookInterrupt = false;

/** Removes a KeyboardInterrupt the host raised after the code it was meant for had finished. */
const clearStaleInterrupt = (): void => {
  if (!interpreter) return;
  const words = new Int32Array(interpreter.memory.buffer);
  for (const [index, value] of interpreter.kbdClearWords) if (value === 0) Atomics.store(words, index, 0);
  input.clearInterrupt();
};

const startInterpreter = async (): Promise<Interpreter> => {
  const next = await loadInterpreter({ stdout: (b) => output.byte(b), stdin, heapSize: config.heapSize });
  interpreter = next;
  post({ type: 'memory', memory: next.memory, kbd: next.kbd, interruptCharIndex: next.interruptCharIndex });
  const fs = (next.mp as unknown as { FS: { mkdir(p: string): void; writeFile(p: string, d: string): void } }).FS;
  fs.mkdir('/qpylib');
  const made = new Set<string>();
  for (const { name, text } of pythonSources) {
    const parts = name.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = `/qpylib/${parts.slice(0, i).join('/')}`;
      if (!made.has(dir)) {
        fs.mkdir(dir);
        made.add(dir);
      }
    }
    fs.writeFile(`/qpylib/${name}`, text);
  }
  next.mp.registerJsModule('_qpyhost', hostModule);
  next.mp.runPython('import sys\nsys.path.append("/qpylib")\nimport _qpyboot\n_qpyboot.setup()');
  return next;
};

interface PythonError {
  name: string;
  type: string;
  message: string;
}
const isPythonError = (e: unknown): e is PythonError =>
  typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'PythonError';

/** Prints a traceback from runPython without the frames of our own runner. */
const printTraceback = (message: string): void => {
  const lines = message
    .split('\n')
    .filter((l) => !l.startsWith('  File "<stdin>"') && !l.includes('/qpylib/_qpyboot.py'));
  const text = lines.join('\n');
  output.write(text.replace(/\n/g, '\r\n'));
};

/** Runs /usr/main.py as pyexec_file does. Returns 'interrupted' after Ctrl-C. */
const runMainPy = (): 'done' | 'interrupted' => {
  const mp = interpreter?.mp;
  if (!mp) return 'done';
  try {
    if (store.stat('/usr/main.py').dir) return 'done';
  } catch {
    return 'done';
  }
  try {
    mp.runPython('_qpyboot.run_main()');
    return 'done';
  } catch (e) {
    if (!isPythonError(e)) throw e;
    if (e.type === 'SystemExit') return 'done';
    printTraceback(e.message);
    return e.type === 'KeyboardInterrupt' ? 'interrupted' : 'done';
  } finally {
    clearStaleInterrupt();
    output.flush();
  }
};

const banner = `${config.bannerLine}\r\nType "help()" for more information.\r\n`;
const repl = new Repl(undefined as never, input, output, {
  rawPaste: config.rawPaste,
  rawPasteWindow: config.rawPasteWindow,
  banner,
  rewrite: rewriteBytes,
});

let generation = 0;

/** Power-on or soft reboot, ending at the prompt of the REPL mode the module is in. */
const boot = async (kind: 'power-on' | 'soft'): Promise<void> => {
  const mode = repl.mode;
  if (kind === 'soft') {
    store.closeAll(true);
    post({ type: 'net-reset' });
    output.write('MPY: soft reboot\r\n');
    output.flush();
  }
  let allowMain = kind === 'power-on' || !skipMainOnce;
  skipMainOnce = false;
  background = { threads: 0, nextDue: -1, pollers: 0 };
  for (;;) {
    output.suppress = true;
    const next = await startInterpreter();
    repl.attach(next.mp, next.memory, mode);
    output.suppress = false;
    post({ type: 'started' });
    generation += 1;
    Atomics.store(ctrl, CTRL.BOOT_GENERATION, generation);
    if (mode === 'raw') {
      output.write('raw REPL; CTRL-B to exit\r\n>');
      break;
    }
    if (allowMain && config.runMainOnBoot && runMainPy() === 'interrupted') {
      // QuecPython: Ctrl-C stops main.py and the module restarts into the REPL without running it again
      store.closeAll(true);
      post({ type: 'net-reset' });
      output.write('MPY: soft reboot\r\n');
      allowMain = false;
      continue;
    }
    repl.printBanner();
    output.write('>>> ');
    break;
  }
  output.flush();
  post({ type: 'booted', generation });
};

let skipMainOnce = false;

/** Runs queued threads, due timers and receive pollers while the REPL waits for input. */
const serviceBackground = (): void => {
  const mp = interpreter?.mp;
  if (!mp) return;
  try {
    mp.runPython('import qpy_bg\nqpy_bg.idle()');
  } catch (e) {
    if (!isPythonError(e)) throw e;
    printTraceback(e.message);
  } finally {
    clearStaleInterrupt();
  }
};

/** How long the idle REPL may sleep before background work is due (undefined: until input). */
const backgroundDueIn = (): number | undefined => {
  const now = performance.now();
  const netEvents = Atomics.load(ctrl, CTRL.NET_EVENT);
  if (background.threads > 0) return 0;
  if (background.pollers > 0 && (netEvents !== netSeenByBackground || now - lastPoll >= POLLER_INTERVAL_MS)) return 0;
  let due: number | undefined;
  if (background.nextDue >= 0) due = Math.max(0, background.nextDue - now);
  if (background.pollers > 0) due = Math.min(due ?? POLLER_INTERVAL_MS, POLLER_INTERVAL_MS - (now - lastPoll));
  return due;
};

const loop = async (): Promise<void> => {
  await boot('power-on');
  for (;;) {
    const seen = input.signal();
    const b = input.take();
    if (b === undefined) {
      clearStaleInterrupt();
      const due = backgroundDueIn();
      if (due === 0) {
        netSeenByBackground = Atomics.load(ctrl, CTRL.NET_EVENT);
        lastPoll = performance.now();
        serviceBackground();
        continue;
      }
      input.waitSignal(seen, due);
      continue;
    }
    output.flush();
    const reboot = repl.feed(b);
    clearStaleInterrupt();
    if (reboot) await boot('soft');
  }
};

loop().catch((e: unknown) => {
  output.flush();
  post({ type: 'fatal', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
});
