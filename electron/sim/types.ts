import type { WasmMemory } from './worker/wasm-api';

/** Options and wire types shared by the simulator's host side and its interpreter worker. */

export const SIM_MODELS = ['EC600N', 'EC600M', 'EC600U', 'EC200U', 'EC800M', 'EG912U', 'BG95'] as const;
export type SimModel = (typeof SIM_MODELS)[number];

export const SIM_FIRMWARES = ['legacy', 'modern'] as const;
/** 'legacy': QuecPython on MicroPython 1.13 (u-names only); 'modern': QuecPython on MicroPython 1.2x. */
export type SimFirmware = (typeof SIM_FIRMWARES)[number];

/**
 * How the raw REPL answers the raw-paste probe `\x05A\x01`:
 * 'on' — `R\x01` + window; 'refuse' — `R\x00` (firmware that knows the command but has it switched off);
 * 'absent' — MicroPython 1.13 behaviour: the probe just resets the raw REPL (`raw REPL; CTRL-B to exit\r\n>`).
 */
export type RawPasteSupport = 'on' | 'refuse' | 'absent';

/**
 * Firmware features the simulator can leave out, as smaller QuecPython builds do: `hashlib.sha256`,
 * `binascii.crc32`, `uos.ilistdir`, `uos.statvfs`, and the `uzlib` module.
 */
export type SimHideable = 'sha256' | 'crc32' | 'ilistdir' | 'statvfs' | 'uzlib';

export interface NetworkTarget {
  host: string;
  port: number;
}

export interface SimulatorOptions {
  model?: SimModel;
  firmware?: SimFirmware;
  /** true = 'on', false = 'refuse'. Default 'on'. */
  rawPaste?: boolean | RawPasteSupport;
  /** Raw-paste flow-control window in bytes. Default 128 (legacy) or 256 (modern). */
  rawPasteWindow?: number;
  /** Size of the /usr file system in bytes. Default 1 MiB. */
  flashSize?: number;
  /** Size of the /bak file system in bytes. Default 64 KiB. */
  bakSize?: number;
  /** Host folder mirrored with the module's /usr and /bak (loaded at start, written on every change). */
  fsDir?: string;
  /** Emulate an N-baud 8N1 UART in both directions; without it the link is USB-like. */
  baud?: number;
  /** Per-transfer latency of the USB-like link in ms. Default 1. */
  latencyMs?: number;
  /** Where a connection the script opens really goes (e.g. an embedded broker for 'mqtts.heclouds.com'). */
  networkRedirect?: (host: string, port: number) => NetworkTarget;
  /** Run /usr/main.py after power-on and soft reboot. Default true. */
  runMainOnBoot?: boolean;
  /** Replace the first banner line (default depends on firmware and model). */
  banner?: string;
  /** Files to put on the flash at power-on when fsDir does not provide them: path ('/usr/x.py') → content. */
  files?: Record<string, string | Uint8Array>;
  /** Features this module's firmware lacks (default none). */
  hide?: SimHideable[];
  /** MicroPython heap in bytes (gc.mem_free(), MemoryError). Default 512 KiB, as QuecPython's port. */
  heapSize?: number;
}

/** The fully resolved, structured-clone-safe configuration the worker gets. */
export interface WorkerConfig {
  model: SimModel;
  firmware: SimFirmware;
  rawPaste: RawPasteSupport;
  rawPasteWindow: number;
  flashSize: number;
  bakSize: number;
  runMainOnBoot: boolean;
  bannerLine: string;
  pythonDir: string;
  files: FlashFile[];
  hide: SimHideable[];
  heapSize: number;
}

export interface FlashFile {
  path: string;
  data: Uint8Array;
}

/** Control words in the shared Int32Array between host and worker. */
export const CTRL = {
  IN_HEAD: 0,
  IN_TAIL: 1,
  SIGNAL: 2,
  INTERRUPT: 3,
  REPLY_READY: 5,
  NET_EVENT: 6,
  BOOT_GENERATION: 7,
  OUT_HEAD: 8,
  OUT_TAIL: 9,
  /** interrupt char + 1 the host holds back while a thread steps (0: none); see qpy_bg._resume. */
  DEFER_CHAR: 10,
  /** 1 when the held-back interrupt char arrived. */
  DEFERRED_INTERRUPT: 11,
  /** Who may raise KeyboardInterrupt right now (VFS_GATE below). */
  VFS_GATE: 12,
  SIZE: 16,
} as const;

/**
 * The import search takes any exception from a file system's stat() for "no such file", and the simulator's flash is
 * Python: a Ctrl-C raised inside it would vanish (on the module the file system is C, which a Ctrl-C does not stop).
 * While the worker is in there it holds the gate, and a Ctrl-C arriving meanwhile is left for it to raise on the way
 * out. OPEN: the host may raise; VFS: the worker is in stat(); HOST: the host is raising; DEFERRED: one arrived
 * while the worker was in stat().
 */
export const VFS_GATE = { OPEN: 0, VFS: 1, HOST: 2, DEFERRED: 3 } as const;

export const INPUT_RING_SIZE = 1 << 20;
export const OUTPUT_RING_SIZE = 1 << 20;
export const REPLY_BUFFER_SIZE = 1 << 20;

/**
 * What MicroPython's mp_keyboard_interrupt() writes, for the host thread to do the same: the pending exception's
 * [word index, value] pairs, stored as they are, and the scheduler state, which goes from idle to pending only when it
 * is idle (a locked scheduler, during a scheduled callback or the collector's finalisers, raises it at unlock).
 */
export interface KeyboardInterruptWords {
  exception: [number, number][];
  schedState?: { index: number; idle: number; pending: number };
}

/** Messages the worker posts to the host. */
export type WorkerMessage =
  | { type: 'memory'; memory: WasmMemory; kbd: KeyboardInterruptWords; interruptCharIndex: number }
  | { type: 'booted'; generation: number }
  | { type: 'started' }
  /** The interpreter reads the port: main.py runs with Ctrl-C armed (a prompt is 'booted'). */
  | { type: 'listening' }
  | { type: 'fs'; op: 'write'; path: string; data: Uint8Array }
  | { type: 'fs'; op: 'mkdir' | 'remove' | 'rmdir'; path: string }
  | { type: 'fs'; op: 'rename'; path: string; to: string }
  | { type: 'call'; op: string; args: (string | number)[]; data?: Uint8Array }
  | { type: 'net-reset' }
  | { type: 'fatal'; message: string };
