import { existsSync } from 'node:fs';
import { EventEmitter } from 'node:events';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { personalityLibrary } from './library';
import { AppError } from '../../shared/errors';
import { FlashImage } from './flash-image';
import { LinkPacer } from './link-pacer';
import { NetBridge } from './net-bridge';
import {
  CTRL,
  INPUT_RING_SIZE,
  OUTPUT_RING_SIZE,
  REPLY_BUFFER_SIZE,
  type RawPasteSupport,
  type SimFirmware,
  type SimModel,
  type SimulatorOptions,
  type WorkerConfig,
  type WorkerMessage,
  type KeyboardInterruptWords,
  VFS_GATE,
} from './types';

interface SimulatorEvents {
  /** Bytes the module sends on its REPL port. */
  data: [bytes: Uint8Array];
  /** The module finished booting (power-on or soft reboot) and shows its prompt. */
  booted: [generation: number];
  /** The interpreter crashed; the module is dead until powerCycle(). */
  error: [error: Error];
}

export interface Simulator {
  readonly model: SimModel;
  readonly firmware: SimFirmware;
  /** Bytes the host sends to the module. */
  write(bytes: Uint8Array): void;
  on<E extends keyof SimulatorEvents>(event: E, listener: (...args: SimulatorEvents[E]) => void): this;
  off<E extends keyof SimulatorEvents>(event: E, listener: (...args: SimulatorEvents[E]) => void): this;
  once<E extends keyof SimulatorEvents>(event: E, listener: (...args: SimulatorEvents[E]) => void): this;
  /** Resolves when the module has booted at least `generation` times (default: once) and shows a prompt. */
  ready(generation?: number): Promise<void>;
  /** Resolves once the interpreter runs (main.py may still be running, so there may be no prompt yet). */
  started(): Promise<void>;
  /** Cuts power and turns it back on: RAM state, open files' unsynced data and connections are lost. */
  powerCycle(): Promise<void>;
  /** The flash contents as the host sees them ('/usr/main.py' → bytes). */
  readFile(path: string): Uint8Array | undefined;
  listFiles(): string[];
  close(): Promise<void>;
}

const WORKER_BOOT = new URL('./worker/boot.mjs', import.meta.url);
// The Electron build bundles the worker to JavaScript beside boot.mjs; from source it runs as TypeScript through tsx.
const BUNDLED_WORKER_ENTRY = new URL('./worker/sim-worker.mjs', import.meta.url);
const WORKER_ENTRY = existsSync(fileURLToPath(BUNDLED_WORKER_ENTRY))
  ? BUNDLED_WORKER_ENTRY
  : new URL('./worker/sim-worker.ts', import.meta.url);
const PYTHON_DIR = fileURLToPath(new URL('./python', import.meta.url));

const defaultBanner = (model: SimModel, firmware: SimFirmware): string =>
  firmware === 'legacy'
    ? `QuecPython V2.0.0, based on MicroPython v1.13 on 2023-06-15; ${model} with QUECTEL`
    : `QuecPython V3.4.0, based on MicroPython v1.23.0 on 2024-11-20; ${model} with QUECTEL`;

/** QuecPython's port: MICROPY_QPY_GC_HEAP_SIZE defaults to 512 KiB. */
const DEFAULT_HEAP_SIZE = 512 * 1024;

const resolveHeapSize = (value: number | undefined): number => {
  const size = value ?? DEFAULT_HEAP_SIZE;
  if (!Number.isInteger(size) || size < 64 * 1024 || size > 64 * 1024 * 1024)
    throw new AppError('BAD_REQUEST', `heapSize ${size} is out of range: give 65536 to 67108864 bytes.`);
  return size;
};

const resolveRawPaste = (value: SimulatorOptions['rawPaste']): RawPasteSupport =>
  value === undefined || value === true ? 'on' : value === false ? 'refuse' : value;

class SimulatorImpl extends EventEmitter implements Simulator {
  readonly model: SimModel;
  readonly firmware: SimFirmware;
  private readonly config: Omit<WorkerConfig, 'files'>;
  private readonly image: FlashImage;
  private readonly toModule: LinkPacer;
  private readonly fromModule: LinkPacer;
  private readonly net: NetBridge;
  private worker: Worker | undefined;
  private ctrl = new Int32Array(new SharedArrayBuffer(CTRL.SIZE * 4));
  private ring = new Uint8Array(new SharedArrayBuffer(INPUT_RING_SIZE));
  private reply = new Uint8Array(new SharedArrayBuffer(REPLY_BUFFER_SIZE));
  private outRing = new Uint8Array(new SharedArrayBuffer(OUTPUT_RING_SIZE));
  private drainTimer: ReturnType<typeof setInterval> | undefined;
  private memory: { words: () => Int32Array; kbd: KeyboardInterruptWords; interruptCharIndex: number } | undefined;
  private backlog: number[] = [];
  /**
   * What the host sent since power-on, before the interpreter reads the port (main.py running with Ctrl-C armed, or
   * the prompt): a USB host keeps data the device has not taken yet, so a Ctrl-C sent while the module boots
   * reaches main.py when it starts instead of passing before anything can act on it.
   */
  private held: Uint8Array[] | undefined = [];
  private generation = 0;
  private running: Promise<void> = Promise.resolve();
  private markRunning: () => void = () => {};
  private closed = false;

  constructor(private readonly options: SimulatorOptions) {
    super();
    this.model = options.model ?? 'EC600N';
    this.firmware = options.firmware ?? 'modern';
    const flashSize = options.flashSize ?? 1024 * 1024;
    if (flashSize < 16 * 1024) {
      throw new AppError('BAD_REQUEST', `flashSize ${flashSize} is too small: give at least 16384 bytes.`);
    }
    this.config = {
      model: this.model,
      firmware: this.firmware,
      rawPaste: resolveRawPaste(options.rawPaste),
      rawPasteWindow: options.rawPasteWindow ?? (this.firmware === 'legacy' ? 128 : 256),
      flashSize,
      bakSize: options.bakSize ?? 64 * 1024,
      runMainOnBoot: options.runMainOnBoot ?? true,
      bannerLine: options.banner ?? defaultBanner(this.model, this.firmware),
      pythonDir: PYTHON_DIR,
      hide: [...(options.hide ?? [])],
      heapSize: resolveHeapSize(options.heapSize),
    };
    this.image = new FlashImage(options.fsDir, options.files);
    const timing = { baud: options.baud, latencyMs: options.latencyMs };
    this.toModule = new LinkPacer(timing, (bytes) => this.deliverToModule(bytes));
    this.fromModule = new LinkPacer(timing, (bytes) => this.emit('data', bytes));
    this.net = new NetBridge(options.networkRedirect, () => this.signal(CTRL.NET_EVENT));
    this.start();
  }

  private start(): void {
    this.ctrl = new Int32Array(new SharedArrayBuffer(CTRL.SIZE * 4));
    this.memory = undefined;
    this.backlog = [];
    this.held = [];
    this.running = new Promise((resolve) => {
      this.markRunning = resolve;
    });
    const config: WorkerConfig = { ...this.config, files: this.image.contents() };
    const worker = new Worker(WORKER_BOOT, {
      workerData: {
        entry: WORKER_ENTRY.href,
        config,
        ctrl: this.ctrl.buffer,
        ring: this.ring.buffer,
        outRing: this.outRing.buffer,
        reply: this.reply.buffer,
        library: personalityLibrary(PYTHON_DIR),
      },
    });
    this.worker = worker;
    worker.on('message', (m: WorkerMessage) => this.onMessage(m));
    worker.on('error', (e) => this.emit('error', e));
    if (!this.drainTimer) {
      this.drainTimer = setInterval(() => this.drainOutput(), 2);
      this.drainTimer.unref();
    }
  }

  /** Moves what the module transmitted onto the link. */
  private drainOutput(): void {
    const head = Atomics.load(this.ctrl, CTRL.OUT_HEAD);
    const tail = Atomics.load(this.ctrl, CTRL.OUT_TAIL);
    const n = (head - tail) | 0;
    if (n <= 0) return;
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.outRing[((tail + i) >>> 0) % OUTPUT_RING_SIZE] ?? 0;
    Atomics.store(this.ctrl, CTRL.OUT_TAIL, head);
    Atomics.notify(this.ctrl, CTRL.OUT_TAIL);
    this.fromModule.push(out);
  }

  private onMessage(m: WorkerMessage): void {
    switch (m.type) {
      case 'memory': {
        const memory = m.memory;
        this.memory = {
          words: () => new Int32Array(memory.buffer),
          kbd: m.kbd,
          interruptCharIndex: m.interruptCharIndex,
        };
        break;
      }
      case 'started':
        this.markRunning();
        break;
      case 'listening':
        this.releaseHeld();
        break;
      case 'booted':
        this.releaseHeld();
        this.drainOutput();
        this.fromModule.pushMarker(() => {
          this.generation = m.generation;
          this.emit('booted', m.generation);
        });
        break;
      case 'fs':
        this.image.apply(m);
        break;
      case 'call':
        if (m.op === 'power-restart') {
          this.answer(0);
          void this.powerCycle();
          break;
        }
        this.net.handle(m.op, m.args, m.data, ({ status, data }) => this.answer(status, data));
        break;
      case 'net-reset':
        this.net.closeAll();
        break;
      case 'fatal':
        this.emit('error', new AppError('INTERNAL', `The simulated module crashed: ${m.message}`));
        break;
    }
  }

  private answer(status: number, data?: Uint8Array): void {
    const view = new DataView(this.reply.buffer);
    const length = Math.min(data?.length ?? 0, REPLY_BUFFER_SIZE - 8);
    view.setInt32(0, status, true);
    view.setInt32(4, length, true);
    if (data && length > 0) this.reply.set(data.subarray(0, length), 8);
    Atomics.store(this.ctrl, CTRL.REPLY_READY, 1);
    Atomics.notify(this.ctrl, CTRL.REPLY_READY);
  }

  private signal(counter?: number): void {
    if (counter !== undefined) Atomics.add(this.ctrl, counter, 1);
    Atomics.add(this.ctrl, CTRL.SIGNAL, 1);
    Atomics.notify(this.ctrl, CTRL.SIGNAL);
  }

  write(bytes: Uint8Array): void {
    if (this.closed) throw new AppError('NOT_CONNECTED', 'The simulator is closed: create a new one.');
    if (this.held) this.held.push(bytes.slice());
    else this.toModule.push(bytes);
  }

  private releaseHeld(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const bytes of held) this.toModule.push(bytes);
  }

  /** Like a UART RX interrupt: the interrupt char raises KeyboardInterrupt, everything else is buffered. */
  private deliverToModule(bytes: Uint8Array): void {
    for (const b of bytes) {
      const memory = this.memory;
      if (memory) {
        // Like a UART receive interrupt: the interrupt character acts the moment it arrives, even behind
        // bytes the module has not read yet ('\r\x03' in one write interrupts a running program).
        const words = memory.words();
        if (Atomics.load(words, memory.interruptCharIndex) === b) {
          this.interrupt(words, memory.kbd);
          continue;
        }
        // a thread is stepping for the foreground: the interrupt is the foreground's, raised after the step
        if (Atomics.load(this.ctrl, CTRL.DEFER_CHAR) === b + 1) {
          Atomics.store(this.ctrl, CTRL.DEFERRED_INTERRUPT, 1);
          this.signal();
          continue;
        }
      }
      this.backlog.push(b);
    }
    this.flushBacklog();
  }

  /** mp_keyboard_interrupt() from another thread: a locked scheduler is left locked, its unlock raises the exception. */
  private interrupt(words: Int32Array, kbd: KeyboardInterruptWords): void {
    for (;;) {
      const gate = Atomics.compareExchange(this.ctrl, CTRL.VFS_GATE, VFS_GATE.OPEN, VFS_GATE.HOST);
      if (gate === VFS_GATE.OPEN) {
        for (const [index, value] of kbd.exception) Atomics.store(words, index, value);
        if (kbd.schedState)
          Atomics.compareExchange(words, kbd.schedState.index, kbd.schedState.idle, kbd.schedState.pending);
        Atomics.store(this.ctrl, CTRL.VFS_GATE, VFS_GATE.OPEN);
        break;
      }
      if (gate === VFS_GATE.DEFERRED) break;
      if (Atomics.compareExchange(this.ctrl, CTRL.VFS_GATE, VFS_GATE.VFS, VFS_GATE.DEFERRED) === VFS_GATE.VFS) break;
    }
    Atomics.store(this.ctrl, CTRL.INTERRUPT, 1);
    this.net.interrupt();
    this.signal();
  }

  private backlogTimer: ReturnType<typeof setTimeout> | undefined;

  private flushBacklog(): void {
    if (this.backlog.length === 0) return;
    const head = Atomics.load(this.ctrl, CTRL.IN_HEAD);
    const tail = Atomics.load(this.ctrl, CTRL.IN_TAIL);
    const free = INPUT_RING_SIZE - ((head - tail) | 0);
    const n = Math.min(free, this.backlog.length);
    for (let i = 0; i < n; i++) this.ring[((head + i) >>> 0) % INPUT_RING_SIZE] = this.backlog[i] ?? 0;
    Atomics.store(this.ctrl, CTRL.IN_HEAD, (head + n) | 0);
    this.backlog = this.backlog.slice(n);
    this.signal();
    if (this.backlog.length > 0 && !this.backlogTimer) {
      this.backlogTimer = setTimeout(() => {
        this.backlogTimer = undefined;
        this.flushBacklog();
      }, 5);
    }
  }

  ready(generation = 1): Promise<void> {
    if (this.generation >= generation) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onBoot = (g: number): void => {
        if (g < generation) return;
        this.off('booted', onBoot);
        this.off('error', onError);
        resolve();
      };
      const onError = (e: Error): void => {
        this.off('booted', onBoot);
        reject(e);
      };
      this.on('booted', onBoot);
      this.once('error', onError);
    });
  }

  started(): Promise<void> {
    return this.running;
  }

  async powerCycle(): Promise<void> {
    await this.worker?.terminate();
    this.net.closeAll();
    this.generation = 0;
    this.start();
    await this.started();
  }

  readFile(path: string): Uint8Array | undefined {
    return this.image.read(path);
  }

  listFiles(): string[] {
    return this.image.list();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.toModule.close();
    this.fromModule.close();
    if (this.backlogTimer) clearTimeout(this.backlogTimer);
    if (this.drainTimer) clearInterval(this.drainTimer);
    this.net.closeAll();
    await this.worker?.terminate();
    this.removeAllListeners('data');
  }
}

/** A simulated Quectel module running QuecPython; talk to it with write() and on('data'). */
export const createSimulator = (options: SimulatorOptions = {}): Simulator => new SimulatorImpl(options);
