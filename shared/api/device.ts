import { z } from 'zod';
import type { ErrorCode } from '../errors';
import { call } from './define';
import { localRefSchema } from './local';

/** A serial port path as the ports list gives it: '/dev/ttyUSB3', 'COM7', '/tmp/ttyQPY', 'sim://ec600n'. */
const port = z.string().min(1).max(1024);
/** An absolute path on the module, e.g. '/usr/main.py' (names may contain spaces and any Unicode). */
const remote = z
  .string()
  .min(1)
  .max(1024)
  .refine((p) => p.startsWith('/'), 'must be an absolute path on the module, e.g. /usr/main.py');
/** A file or folder on this computer the user picked (a grant, see shared/api/local.ts); never a raw path. */
const local = localRefSchema;
const interrupt = z
  .boolean()
  .optional()
  .describe('interrupt a running program (Ctrl-C) instead of failing with DEVICE_BUSY');
const timeoutMs = z.number().int().positive().max(3_600_000).optional();
const operationId = z.string().min(1).max(100).optional();

export type DeviceConnectionState = 'connecting' | 'connected' | 'busy' | 'disconnected';

export interface DeviceSessionInfo {
  path: string;
  state: DeviceConnectionState;
  baudRate: number;
  /** What the session is doing while busy, e.g. 'push /usr/main.py'. */
  operation?: string;
}

export interface DeviceStateEvent extends DeviceSessionInfo {
  /** Why the session became disconnected (human readable), and the error code when it was a failure. */
  reason?: string;
  code?: ErrorCode;
}

/** What a module's firmware offers, detected once per session. */
export interface DeviceInfo {
  path: string;
  /** 'modern' has `os`, `binascii`…; 'legacy' (QuecPython on MicroPython 1.12/1.13) only `uos`, `ubinascii`…. */
  firmware: 'modern' | 'legacy';
  /** sys.implementation / uos.uname() fields where present. */
  version: string;
  platform: string;
  machine: string;
  /** Whether raw-paste mode (flow-controlled upload) works; null until the first upload tried it. */
  rawPaste: boolean | null;
  /** How pushed files are checked on the module. */
  hash: 'sha256' | 'crc32' | 'adler32';
  /** Which inflater the module has for compressed uploads, if any. */
  inflate: 'deflate' | 'uzlib' | 'zlib' | null;
}

export interface DeviceEntry {
  /** Absolute path on the module. */
  path: string;
  name: string;
  type: 'file' | 'dir';
  size: number;
}

export interface DeviceStat extends DeviceEntry {
  /** Seconds since the module's epoch, when the file system keeps it. */
  mtime: number | null;
}

export interface DeviceFree {
  path: string;
  /** Bytes. */
  total: number;
  free: number;
  blockSize: number;
}

export interface ExecResult {
  /** What the code printed; for a long-running program only its last 64 KiB (the rest was streamed). */
  stdout: string;
  stderr: string;
  durationMs: number;
  /** Bytes of output left out of stdout/stderr above (streamed to the terminal, not kept); absent when none. */
  droppedBytes?: number;
}

export interface TransferResult {
  remote: string;
  /** Size of the file. */
  bytes: number;
  /** Bytes that crossed the serial link (payload + protocol). */
  wireBytes: number;
  durationMs: number;
  /** '8bit' sends escaped bytes literals (≈1.1×), 'base64' is the portable fallback (1.33×). */
  encoding: '8bit' | 'base64';
  compressed: boolean;
  verified: DeviceInfo['hash'];
  /** The module already held exactly these bytes (same size and hash), so nothing was sent (the backend always sets it). */
  unchanged?: boolean;
}

interface ReadResult {
  remote: string;
  data: Uint8Array;
}

export interface SyncItem {
  /** Path relative to the synced folder, with '/' separators. */
  relPath: string;
  remote: string;
  /** Absolute local path (absent for files only on the module). */
  local?: string;
  size: number;
}

export interface SyncPlan {
  localDir: string;
  remoteDir: string;
  new: SyncItem[];
  changed: SyncItem[];
  unchanged: SyncItem[];
  /** Files on the module that are not in the local folder; deleted only when the sync asks to. */
  toDelete: SyncItem[];
  /** Folders to create on the module, parents first. */
  mkdirs: string[];
  /** Sum of the sizes of new and changed files. */
  bytesToSend: number;
  deleteExtra: boolean;
}

export interface SyncResult {
  plan: SyncPlan;
  pushed: number;
  deleted: number;
  bytes: number;
  durationMs: number;
}

export interface DeviceProgress {
  path: string;
  operationId: string;
  kind: 'push' | 'pull' | 'sync';
  /** The file being transferred now. */
  file?: string;
  bytesDone: number;
  bytesTotal: number;
  filesDone: number;
  filesTotal: number;
  /** Bytes per second over the operation so far. */
  rate: number;
  /** Estimated milliseconds left; null until there is a rate. */
  etaMs: number | null;
  done: boolean;
}

interface SoftResetResult {
  /** What the module printed while rebooting (boot messages, main.py output). */
  output: string;
  /** True when main.py was still running when we stopped watching (no REPL prompt came back). */
  mainRunning: boolean;
}

const bytesOrText = z.union([z.instanceof(Uint8Array), z.string()]);

export const deviceCalls = {
  /** Open a port and start its terminal stream ('device.terminal' events). */
  deviceOpen: call(
    z.object({ path: port, baudRate: z.number().int().positive().optional() }).strict(),
  ).returns<DeviceSessionInfo>(),
  deviceClose: call(z.object({ path: port }).strict()).returns<void>(),
  deviceSessions: call(z.object({}).strict()).returns<DeviceSessionInfo[]>(),
  /** Keystrokes typed in the terminal (sent as UTF-8). */
  deviceWrite: call(z.object({ path: port, data: z.string().max(65536) }).strict()).returns<void>(),
  /** Ctrl-C: stops a running program (repeated as needed) or the current operation. */
  deviceInterrupt: call(z.object({ path: port }).strict()).returns<void>(),
  deviceSoftReset: call(z.object({ path: port, interrupt, timeoutMs }).strict()).returns<SoftResetResult>(),
  deviceInfo: call(z.object({ path: port, interrupt }).strict()).returns<DeviceInfo>(),
  /** Runs code without saving it; a Python exception fails with PYTHON_ERROR (detail: type, message, line, file). */
  deviceExec: call(
    z.object({ path: port, code: z.string().max(1_000_000), interrupt, timeoutMs }).strict(),
  ).returns<ExecResult>(),
  /** Runs a file on the module, streaming its output to the terminal until it ends or is interrupted. */
  deviceRunFile: call(z.object({ path: port, remote, interrupt }).strict()).returns<ExecResult>(),
  /** Runs code without saving it, streaming its output to the terminal like deviceRunFile (Ctrl-C stops it). */
  deviceRunCode: call(
    z.object({ path: port, code: z.string().max(1_000_000), interrupt }).strict(),
  ).returns<ExecResult>(),
  deviceList: call(z.object({ path: port, remote, recursive: z.boolean().optional(), interrupt }).strict()).returns<
    DeviceEntry[]
  >(),
  deviceStat: call(z.object({ path: port, remote, interrupt }).strict()).returns<DeviceStat>(),
  deviceFree: call(z.object({ path: port, remote: remote.optional(), interrupt }).strict()).returns<DeviceFree>(),
  deviceRead: call(z.object({ path: port, remote, interrupt, operationId }).strict()).returns<ReadResult>(),
  /** Atomic, verified write: `data` (bytes, or text sent as UTF-8) or the content of the picked `local` file. */
  devicePush: call(
    z
      .object({
        path: port,
        remote,
        data: bytesOrText.optional(),
        local: local.optional(),
        /** Send the file even when the module already holds exactly these bytes. */
        force: z.boolean().optional(),
        interrupt,
        operationId,
      })
      .strict()
      .refine((r) => (r.data === undefined) !== (r.local === undefined), 'give exactly one of data or local'),
  ).returns<TransferResult>(),
  /** Copies a module file into a picked folder (`relPath` names the file) or onto a picked save file. */
  devicePull: call(z.object({ path: port, remote, local, interrupt, operationId }).strict()).returns<{
    bytes: number;
  }>(),
  deviceRemove: call(
    z.object({ path: port, remote, recursive: z.boolean().optional(), interrupt }).strict(),
  ).returns<void>(),
  deviceRename: call(z.object({ path: port, from: remote, to: remote, interrupt }).strict()).returns<void>(),
  /** mkdir -p. */
  deviceMkdir: call(z.object({ path: port, remote, interrupt }).strict()).returns<void>(),
  /** Makes a module file the one that runs at boot (copies it to /usr/main.py). */
  deviceSetMain: call(z.object({ path: port, remote, interrupt }).strict()).returns<void>(),
  deviceSyncPlan: call(
    z
      .object({
        path: port,
        local,
        remoteDir: remote.optional(),
        delete: z.boolean().optional(),
        interrupt,
      })
      .strict(),
  ).returns<SyncPlan>(),
  deviceSync: call(
    z
      .object({
        path: port,
        local,
        remoteDir: remote.optional(),
        delete: z.boolean().optional(),
        interrupt,
        operationId,
      })
      .strict(),
  ).returns<SyncResult>(),
  /** Cancels the running transfer or sync (the file being written is left as it was). */
  deviceCancel: call(z.object({ path: port, operationId }).strict()).returns<void>(),
};

export interface DeviceEvents {
  /** Bytes from the module's REPL, batched into frames of ~16–33 ms. */
  'device.terminal': { path: string; data: Uint8Array };
  'device.state': DeviceStateEvent;
  'device.progress': DeviceProgress;
}
