import type { KeyboardInterruptWords } from '../types';
import { limitHeapGrowth } from './heap-limit-patch';
import { makeMemoryShared } from './shared-memory-patch';
import { wasmApi, type WasmMemory, type WasmModule } from './wasm-api';

/** The part of the package's API we use (it ships no types). */
export interface MicroPythonApi {
  _module: {
    _mp_sched_keyboard_interrupt: () => void;
    _mp_hal_get_interrupt_char: () => number;
  };
  runPython(code: string): unknown;
  registerJsModule(name: string, module: object): void;
  replInit(): void;
  replProcessChar(chr: number): number;
}

interface LoadOptions {
  heapsize?: number;
  pystack?: number;
  linebuffer?: boolean;
  stdout?: (bytes: Uint8Array) => void;
  stderr?: (bytes: Uint8Array) => void;
  stdin?: () => number | null;
}

type LoadMicroPython = (options: LoadOptions) => Promise<MicroPythonApi>;

export interface Interpreter {
  mp: MicroPythonApi;
  memory: WasmMemory;
  /** What mp_sched_keyboard_interrupt() writes. */
  kbd: KeyboardInterruptWords;
  /** [word index, value] pairs that undo it. */
  kbdClearWords: [number, number][];
  /** Word index of mp_interrupt_char. */
  interruptCharIndex: number;
}

let compiled: WasmModule | undefined;
let lastMemory: WasmMemory | undefined;
let loader: Promise<LoadMicroPython> | undefined;
/** The module's heap size; the binary is compiled once per worker, so the first interpreter fixes it. */
let heapLimit = 512 * 1024;

/** Emscripten instantiates through WebAssembly.instantiate(bytes, imports); we compile once, with shared memory. */
const installInstantiateHook = (): void => {
  const original = wasmApi.instantiate.bind(wasmApi);
  const hooked = async (source: Uint8Array | ArrayBuffer | WasmModule, imports?: object) => {
    if (!compiled) {
      if (!(source instanceof Uint8Array || source instanceof ArrayBuffer)) return original(source, imports);
      compiled = await wasmApi.compile(limitHeapGrowth(makeMemoryShared(new Uint8Array(source)), heapLimit));
    }
    const instance = await original(compiled, imports);
    lastMemory = instance.exports.memory as WasmMemory;
    return { instance, module: compiled };
  };
  (wasmApi as { instantiate: unknown }).instantiate = hooked;
};

const getLoader = (): Promise<LoadMicroPython> => {
  if (!loader) {
    installInstantiateHook();
    loader = import('@micropython/micropython-webassembly-pyscript').then((m) => m.loadMicroPython as LoadMicroPython);
  }
  return loader;
};

const diffWords = (before: Int32Array, after: Int32Array): [number, number, number][] => {
  const changed: [number, number, number][] = [];
  for (let i = 0; i < before.length; i++) {
    const a = before[i] ?? 0;
    const b = after[i] ?? 0;
    if (a !== b) changed.push([i, a, b]);
  }
  return changed;
};

/** py/mpstate.h: MP_SCHED_IDLE is 1 and MP_SCHED_PENDING 0 (so the VM's check is a test for zero). */
const MP_SCHED_IDLE = 1;
const MP_SCHED_PENDING = 0;

/** Splits what an interrupt from idle changed into the exception words and the scheduler state word. */
const keyboardInterruptWords = (changed: [number, number, number][]): KeyboardInterruptWords => {
  const sched = changed.find(([, old, now]) => old === MP_SCHED_IDLE && now === MP_SCHED_PENDING);
  return {
    exception: changed.filter((c) => c !== sched).map(([index, , now]) => [index, now]),
    ...(sched ? { schedState: { index: sched[0], idle: MP_SCHED_IDLE, pending: MP_SCHED_PENDING } } : {}),
  };
};

/** Low memory holds MicroPython's static state; the heap is malloc'd above it. */
const STATE_SCAN_WORDS = 1 << 17;

export const loadInterpreter = async (io: {
  stdout: (byte: number) => void;
  stdin: () => number | null;
  heapSize?: number;
}): Promise<Interpreter> => {
  if (io.heapSize !== undefined && !compiled) heapLimit = io.heapSize;
  const load = await getLoader();
  const mp = await load({
    heapsize: heapLimit,
    linebuffer: false,
    stdout: (bytes) => bytes.forEach(io.stdout),
    stderr: (bytes) => bytes.forEach(io.stdout),
    stdin: io.stdin,
  });
  const memory = lastMemory;
  if (!memory) throw new Error('MicroPython did not instantiate through the shared-memory hook');
  const words = () => new Int32Array(memory.buffer, 0, STATE_SCAN_WORDS);

  const before = words().slice();
  mp._module._mp_sched_keyboard_interrupt();
  const kbd = diffWords(before, words());
  const live = words();
  for (const [index, old] of kbd) live[index] = old;
  if (kbd.length === 0) throw new Error('could not locate MicroPython pending-exception state');

  const locateInterruptChar = (): number => {
    mp.runPython('import micropython');
    let candidates: number[] | undefined;
    for (const value of [77, -1, 91, -1, 3, -1]) {
      mp.runPython(`micropython.kbd_intr(${value})`);
      const now = words();
      if (!candidates) {
        candidates = [];
        for (let i = 0; i < now.length; i++) if (now[i] === value) candidates.push(i);
      } else {
        candidates = candidates.filter((i) => now[i] === value);
      }
    }
    // the C stack may hold a copy; the variable itself lives in static data next to the scheduler state
    const anchor = kbd[0]?.[0] ?? 0;
    const found = candidates?.sort((a, b) => Math.abs(a - anchor) - Math.abs(b - anchor))[0];
    if (found === undefined || mp._module._mp_hal_get_interrupt_char() !== -1) {
      throw new Error('could not locate MicroPython interrupt char');
    }
    return found;
  };
  const interruptCharIndex = locateInterruptChar();

  return {
    mp,
    memory,
    kbd: keyboardInterruptWords(kbd),
    kbdClearWords: kbd.map(([index, old]) => [index, old]),
    interruptCharIndex,
  };
};
