import { randomBytes } from 'node:crypto';
import type { z } from 'zod/mini';
import type {
  DeviceEntry,
  DeviceFree,
  DeviceInfo,
  DeviceStat,
  ExecResult,
  TransferResult,
} from '../../shared/api/device';
import { base64ToBytes } from '../../shared/codec/base64';
import {
  isFolderForm,
  joinRemote,
  splitRemote,
  TEMP_ID_HEX_LENGTH,
  tempNameFor,
} from '../../shared/device/remote-path';
import { AppError } from '../../shared/errors';
import { concatBytes, fromUtf8, utf8 } from './bytes';
import { digest } from './checksum';
import { unescapePull } from './pull-codec';
import { ALL_BYTES, bytesLiteral } from './pyliteral';
import { planUpload } from './upload-plan';
import {
  capabilitiesFrom,
  copyScript,
  freeScript,
  hashesScript,
  listScript,
  mkdirScript,
  PROBE_SCRIPT,
  pushAbortScript,
  pushDefinitions,
  pushFinishScript,
  onIdentity,
  runIf,
  pushOpenScript,
  readScript,
  removeScript,
  renameScript,
  runFileScript,
  statScript,
  IDENTITY_SCRIPT,
  type Capabilities,
} from './remote-scripts';
import {
  freeAnswer,
  hashLine,
  listLine,
  probeAnswerSchema,
  pushFinishAnswer,
  pushOpenAnswer,
  statAnswer,
} from './module-answers';
import type { ProbeCache } from './probe-cache';
import type { DeviceSession, ExecOptions, ExecOutcome, OperationOptions, RawRepl } from './session';
import { fileOperationError, parseTraceback, pythonError } from './traceback';

export interface TransferTuning {
  /** Bytes of file data per compression unit (one line of the upload). */
  unitSize: number;
  /** Wire bytes of upload lines per raw-REPL exec: the module holds one exec's literals in RAM at once. */
  execBudget: number;
  /** Use deflate when the module can inflate and it saves at least 10 %. */
  compress: boolean;
  /** Try the 8-bit bytes-literal encoding (probed once per session); false forces base64. */
  eightBit: boolean;
}

const DEFAULT_TUNING: TransferTuning = { unitSize: 8192, execBudget: 12 * 1024, compress: true, eightBit: true };

export interface ProgressTick {
  bytesDone: number;
  bytesTotal: number;
}

type FileOpOptions = OperationOptions & { onProgress?: (tick: ProgressTick) => void };
type PushOptions = FileOpOptions & {
  /** Send the file even when the module already holds exactly these bytes (otherwise it is skipped). */
  force?: boolean;
};
type StreamOptions = OperationOptions & Pick<ExecOptions, 'onStdout' | 'onStderr'>;

/** One JSON answer of a module script, checked against its schema; anything else is DEVICE_PROTOCOL. */
const parseAnswer = <S extends z.ZodMiniType>(schema: S, line: string, doing: string, whole = line): z.infer<S> => {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    value = undefined;
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new AppError(
    'DEVICE_PROTOCOL',
    `Unexpected answer from the module while trying to ${doing}: ${JSON.stringify(whole.slice(0, 200))}`,
  );
};

/** A fresh id for one transfer's temp file, so no other transfer's (or a user's) *.qpytmp is ever touched. */
const newTempId = (): string => randomBytes(TEMP_ID_HEX_LENGTH / 2).toString('hex');

/** Output of user code kept for the result (and its traceback); the rest is only streamed. */
export const USER_OUTPUT_KEPT = 64 * 1024;

const execResult = (out: ExecOutcome): ExecResult => ({
  stdout: fromUtf8(out.stdout),
  stderr: fromUtf8(out.stderr),
  durationMs: out.durationMs,
  ...(out.dropped ? { droppedBytes: out.dropped } : {}),
});

const NEVER_ABORTED = new AbortController().signal;

/** What one push writes where. */
interface PushJob {
  target: { dir: string; name: string; path: string };
  /** This upload's own temp file beside the target. */
  temp: string;
  data: Uint8Array;
  force: boolean;
}

/** A push after its first exec: the target is the same (nothing to send), or the temp file is open for the data. */
interface PushStart {
  caps: Capabilities;
  encoding: TransferResult['encoding'];
  plan: ReturnType<typeof planUpload>;
  /** The data's digest, as the module computes it. */
  expected: string;
  /** The verify-and-rename that follows the last data. */
  finish: Uint8Array;
  /** Free bytes the module reported (-1: unknown). */
  free: number;
  state: 'same' | 'ok';
  /** The first exec's outcome when it carried all the data and the finish as well. */
  withData?: ExecOutcome;
}

const cancelledPush = (remote: string) =>
  new AppError('CANCELLED', `Push of ${remote} was cancelled; the file on the module is unchanged.`);

const storageFull = (remote: string, need: number, free: number) =>
  new AppError(
    'STORAGE_FULL',
    `Module storage full: ${free} bytes free, file needs ${need} (${remote}). Delete files on the module or push a smaller file.`,
    { path: remote, free, need },
  );

/** The firmware a push's first exec is written for: this session's, or the probe cache's guess for the port. */
interface PushFirmware {
  caps: Capabilities;
  encoding: TransferResult['encoding'];
  /** The identity the probe cache expects on this port: the exec goes on only when the module prints it. */
  guess?: string;
  /** The upload planned for this firmware, when made ahead. */
  plan?: ReturnType<typeof planUpload>;
}
type KnownFirmware = PushFirmware & { guess?: undefined };

/** File operations on one module, each run in raw REPL through the session's operation queue. */
export class DeviceFiles {
  readonly tuning: TransferTuning;
  /** Operations (by their raw REPL) whose module globals hold pushDefinitions. */
  private readonly defined = new WeakSet<RawRepl>();

  constructor(
    readonly session: DeviceSession,
    tuning: Partial<TransferTuning> = {},
    /** Probe results of earlier sessions (and other processes), by firmware identity. */
    private readonly probeCache?: ProbeCache,
  ) {
    this.tuning = { ...DEFAULT_TUNING, ...tuning };
  }

  // ---- public operations (each takes the port for its duration) ---------------------------------------------

  info(options: OperationOptions = {}): Promise<DeviceInfo> {
    return this.session.withRawRepl('read module info', options, async (repl) => {
      const caps = await this.capabilities(repl);
      return {
        path: this.session.path,
        firmware: caps.firmware,
        version: caps.version,
        platform: caps.platform,
        machine: caps.machine,
        rawPaste: this.session.rawPasteWorks,
        hash: caps.hash,
        inflate: caps.inflate,
      };
    });
  }

  /** Runs code without saving it. A Python exception becomes PYTHON_ERROR. */
  exec(code: string, options: OperationOptions & { idleMs?: number } = {}): Promise<ExecResult> {
    return this.session.withRawRepl('run code', options, async (repl) => {
      const out = await repl.exec(code, {
        keepBytes: USER_OUTPUT_KEPT,
        ...(options.idleMs === undefined ? {} : { idleMs: options.idleMs }),
      });
      const result = execResult(out);
      const error = parseTraceback(result.stderr);
      if (error) throw pythonError(error, { stdout: result.stdout.slice(-4000) });
      return result;
    });
  }

  /**
   * Runs a module file, streaming its output to the terminal until it ends or is interrupted (deviceInterrupt).
   * A KeyboardInterrupt is a normal end; other exceptions become PYTHON_ERROR.
   */
  runFile(remote: string, options: StreamOptions = {}): Promise<ExecResult> {
    return this.runStreaming(`run ${remote}`, runFileScript(remote), remote, options);
  }

  /** Runs code (e.g. a local script) without saving it, streaming its output like runFile. */
  runCode(code: string | Uint8Array, options: StreamOptions = {}): Promise<ExecResult> {
    return this.runStreaming('run code', code, null, options);
  }

  private runStreaming(
    label: string,
    code: string | Uint8Array,
    file: string | null,
    options: StreamOptions,
  ): Promise<ExecResult> {
    return this.session.withRawRepl(label, { ...options, passthrough: true }, async (repl) => {
      const out = await repl.exec(code, {
        idleMs: null,
        keepBytes: USER_OUTPUT_KEPT,
        ...(options.onStdout ? { onStdout: options.onStdout } : {}),
        ...(options.onStderr ? { onStderr: options.onStderr } : {}),
      });
      const result = execResult(out);
      const error = parseTraceback(result.stderr);
      if (error && error.type !== 'KeyboardInterrupt') {
        if (file && error.type === 'OSError' && error.line === 1 && error.file === '<stdin>')
          throw fileOperationError(error, file, 'run');
        throw pythonError(error);
      }
      return result;
    });
  }

  list(remote: string, options: OperationOptions & { recursive?: boolean } = {}): Promise<DeviceEntry[]> {
    return this.session.withRawRepl(`list ${remote}`, options, (repl) =>
      this.listIn(repl, remote, options.recursive === true),
    );
  }

  stat(remote: string, options: OperationOptions = {}): Promise<DeviceStat> {
    return this.session.withRawRepl(`stat ${remote}`, options, async (repl) => {
      const caps = await this.capabilities(repl);
      const [mode, size, mtime] = await this.runJson(statAnswer, repl, statScript(caps, remote), remote, 'stat');
      const { name } = splitRemote(remote);
      const isDir = (mode & 0x4000) !== 0;
      return { path: remote, name, type: isDir ? 'dir' : 'file', size: isDir ? 0 : size, mtime: mtime ?? null };
    });
  }

  free(remote = '/usr', options: OperationOptions = {}): Promise<DeviceFree> {
    return this.session.withRawRepl(`free space of ${remote}`, options, async (repl) => {
      const caps = await this.capabilities(repl);
      if (!caps.hasStatvfs) {
        throw new AppError(
          'DEVICE_PROTOCOL',
          `The firmware on ${this.session.path} has no uos.statvfs, so the free space of ${remote} cannot be read.`,
        );
      }
      const [bsize, frsize, blocks, , bavail] = await this.runJson(
        freeAnswer,
        repl,
        freeScript(caps, remote),
        remote,
        'read free space of',
      );
      const block = frsize || bsize || 0;
      return {
        path: remote,
        total: (blocks ?? 0) * (block ?? 0),
        free: (bavail ?? 0) * (bsize ?? 0),
        blockSize: block ?? 0,
      };
    });
  }

  mkdir(remote: string, options: OperationOptions = {}): Promise<void> {
    return this.session.withRawRepl(`mkdir ${remote}`, options, (repl) => this.mkdirIn(repl, remote));
  }

  remove(remote: string, options: OperationOptions & { recursive?: boolean } = {}): Promise<void> {
    return this.session.withRawRepl(`remove ${remote}`, options, (repl) =>
      this.removeIn(repl, remote, options.recursive === true),
    );
  }

  rename(from: string, to: string, options: OperationOptions = {}): Promise<void> {
    return this.session.withRawRepl(`rename ${from}`, options, async (repl) => {
      const caps = await this.capabilities(repl);
      await this.runChecked(repl, renameScript(caps, from, to), from, `rename to ${to}`);
    });
  }

  read(remote: string, options: FileOpOptions = {}): Promise<Uint8Array> {
    return this.session.withRawRepl(`read ${remote}`, options, (repl) => this.readIn(repl, remote, options.onProgress));
  }

  /** Atomic, verified write; a file the module already holds byte for byte is skipped (`unchanged`) unless forced. */
  push(remote: string, data: Uint8Array, options: PushOptions = {}): Promise<TransferResult> {
    // The probe cache's guess for this port, and the upload planned for it, are made while the port enters raw REPL.
    const guess = this.guessedFirmware()
      .then((firmware) => firmware && { ...firmware, plan: this.planFor(firmware, data) })
      .catch(() => undefined);
    return this.session.withRawRepl(`push ${remote}`, options, (repl) =>
      this.pushIn(repl, remote, data, {
        guess,
        force: options.force === true,
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      }),
    );
  }

  /** Makes `remote` the boot script by copying it to /usr/main.py (atomically, through a temp file). */
  setMain(remote: string, options: OperationOptions = {}): Promise<void> {
    const target = '/usr/main.py';
    return this.session.withRawRepl(`set ${remote} as main.py`, options, async (repl) => {
      if (remote === target) return;
      const caps = await this.capabilities(repl);
      await this.runChecked(
        repl,
        copyScript(caps, remote, joinRemote('/usr', tempNameFor('main.py', newTempId())), target),
        remote,
        'copy to /usr/main.py',
      );
    });
  }

  // ---- building blocks that run inside an operation (sync composes them) ------------------------------------

  /**
   * What the firmware offers, probed once per session. With a probe cache, a short identity check (uname and
   * MicroPython version) replaces the probe for a firmware seen before; another firmware is probed afresh.
   */
  async capabilities(repl: RawRepl): Promise<Capabilities> {
    const known = this.session.facts.caps;
    if (known) return known;
    const cache = this.tuning.eightBit ? this.probeCache : undefined;
    const facts = this.session.facts;
    facts.identity ??= cache ? (await this.runChecked(repl, IDENTITY_SCRIPT, '/', 'identify the firmware')).trim() : '';
    const identity = facts.identity;
    const hit = identity ? await cache?.get(identity).catch(() => undefined) : undefined;
    if (hit) {
      facts.caps = hit.caps;
      facts.encoding = hit.encoding;
    } else {
      facts.caps = await this.probe(repl);
      if (cache && identity)
        await cache.set(identity, { caps: facts.caps, encoding: await this.encoding(repl) }).catch(() => undefined);
    }
    if (cache && identity) await cache.seenOn(this.session.path, identity).catch(() => undefined);
    return facts.caps;
  }

  /**
   * In a session that has not identified its module yet, the probe-cache entry of the firmware this port showed last,
   * so a push's first exec can identify the module and go on in one round trip when the identity matches.
   */
  private async guessedFirmware(): Promise<PushFirmware | undefined> {
    const cache = this.tuning.eightBit ? this.probeCache : undefined;
    if (!cache || this.session.facts.caps || this.session.facts.identity) return undefined;
    const last = await cache.lastOn(this.session.path).catch(() => undefined);
    return last && { ...last.record, guess: last.identity };
  }

  private async probe(repl: RawRepl): Promise<Capabilities> {
    const answer = await this.runJson(probeAnswerSchema, repl, PROBE_SCRIPT, '/', 'probe');
    if (!answer.os || !answer.json) {
      throw new AppError(
        'DEVICE_PROTOCOL',
        `The firmware on ${this.session.path} has neither os nor uos (or no json): not a MicroPython/QuecPython REPL?`,
      );
    }
    const caps = capabilitiesFrom(answer);
    this.session.facts.caps = caps;
    return caps;
  }

  async listIn(repl: RawRepl, remote: string, recursive: boolean): Promise<DeviceEntry[]> {
    const caps = await this.capabilities(repl);
    const out = await this.runChecked(repl, listScript(caps, remote, recursive), remote, 'list');
    return out
      .split('\n')
      .filter((l) => l.trim())
      .map((line) => {
        const [path, name, type, size] = parseAnswer(listLine, line, `list ${remote}`);
        return { path, name, type: type === 'd' ? 'dir' : 'file', size } satisfies DeviceEntry;
      });
  }

  async mkdirIn(repl: RawRepl, remote: string): Promise<void> {
    const caps = await this.capabilities(repl);
    await this.runChecked(repl, mkdirScript(caps, remote), remote, 'create folder');
  }

  async removeIn(repl: RawRepl, remote: string, recursive: boolean): Promise<void> {
    const caps = await this.capabilities(repl);
    await this.runChecked(repl, removeScript(caps, remote, recursive), remote, 'remove');
  }

  /** [path, size, digest] for each path; size -1 when the file is missing. */
  async hashesIn(repl: RawRepl, paths: string[]): Promise<Map<string, { size: number; digest: string }>> {
    const caps = await this.capabilities(repl);
    const result = new Map<string, { size: number; digest: string }>();
    for (let i = 0; i < paths.length; i += 50) {
      const batch = paths.slice(i, i + 50);
      const out = await this.runChecked(repl, hashesScript(caps, batch), batch[0] ?? '/', 'hash');
      for (const line of out.split('\n')) {
        if (!line.trim()) continue;
        const [path, size, hash] = parseAnswer(hashLine, line, `hash ${batch[0] ?? ''}`);
        result.set(path, { size, digest: hash });
      }
    }
    return result;
  }

  /** Reads a module file: 8-bit when the firmware can (checked by the module's digest), else base64. */
  async readIn(repl: RawRepl, remote: string, onProgress?: (tick: ProgressTick) => void): Promise<Uint8Array> {
    const caps = await this.capabilities(repl);
    const eightBit = this.tuning.eightBit && this.session.facts.pull8bit !== false;
    const first = await this.readOnce(repl, caps, remote, !eightBit, onProgress);
    if ('data' in first) {
      if (first.mode === 'r') this.session.facts.pull8bit = true;
      onProgress?.({ bytesDone: first.data.length, bytesTotal: first.data.length });
      return first.data;
    }
    if (first.mode === 'r') {
      // The link or the firmware changed some byte of the raw stream: base64 from now on.
      this.session.facts.pull8bit = false;
      const again = await this.readOnce(repl, caps, remote, true, onProgress);
      if ('data' in again) return again.data;
    }
    throw new AppError('VERIFY_FAILED', `Reading ${remote} gave ${first.problem}; try again.`, { path: remote });
  }

  private async readOnce(
    repl: RawRepl,
    caps: Capabilities,
    remote: string,
    base64: boolean,
    onProgress?: (tick: ProgressTick) => void,
  ): Promise<{ data: Uint8Array; mode: string } | { problem: string; mode: string }> {
    let head = '';
    let total = 0;
    let received = 0;
    let ratio = 1;
    const out = await repl.exec(readScript(caps, remote, base64), {
      onStdout: (chunk) => {
        received += chunk.length;
        if (!total && head.length < 200) {
          head += fromUtf8(chunk.subarray(0, 200));
          const nl = head.indexOf('\n');
          if (nl > 0) {
            const [size, mode] = head.slice(0, nl).trim().split(' ');
            total = Number(size) || 0;
            ratio = mode === 'b' ? 4 / 3 : 1;
          }
        }
        if (total) onProgress?.({ bytesDone: Math.min(total, Math.floor(received / ratio)), bytesTotal: total });
      },
    });
    this.throwIfFailed(out.stderr, remote, 'read');
    const nl = out.stdout.indexOf(0x0a);
    const [sizeText = '', mode = '', expected = ''] = fromUtf8(out.stdout.subarray(0, Math.max(nl, 0)))
      .trim()
      .split(' ');
    const size = Number(sizeText);
    if (nl < 0 || !Number.isInteger(size) || (mode !== 'r' && mode !== 'b')) {
      throw new AppError(
        'DEVICE_PROTOCOL',
        `Unexpected answer from the module while reading ${remote}: ${JSON.stringify(fromUtf8(out.stdout.subarray(0, 80)))}`,
      );
    }
    const body = out.stdout.subarray(nl + 1);
    const data =
      mode === 'r'
        ? unescapePull(body)
        : concatBytes(
            fromUtf8(body)
              .split(/\r?\n/)
              .filter((l) => l.trim())
              .map((l) => base64ToBytes(l.trim())),
          );
    if (!data) return { problem: 'a damaged 8-bit stream', mode };
    if (data.length !== size) return { problem: `${data.length} bytes but the file has ${size}`, mode };
    if (digest(caps.hash, data) !== expected) return { problem: `bytes whose ${caps.hash} does not match`, mode };
    return { data, mode };
  }

  async pushIn(
    repl: RawRepl,
    remote: string,
    data: Uint8Array,
    {
      onProgress,
      signal,
      force,
      guess,
    }: {
      onProgress?: (tick: ProgressTick) => void;
      signal?: AbortSignal;
      force: boolean;
      /** guessedFirmware(), when the caller started it early. */
      guess?: Promise<PushFirmware | undefined>;
    },
  ): Promise<TransferResult> {
    const started = Date.now();
    const { dir, name } = splitRemote(remote);
    if (!name || isFolderForm(remote)) {
      throw new AppError(
        'BAD_REQUEST',
        `${remote} ends with "/", so it names a folder, not a file: give the file name to write, e.g. ${joinRemote(remote, 'main.py')}.`,
        { path: remote },
      );
    }
    const wireBefore = this.session.bytesWritten + this.session.bytesRead;
    const job: PushJob = {
      target: { dir, name, path: remote },
      temp: joinRemote(dir, tempNameFor(name, newTempId())),
      data,
      force,
    };
    if (signal?.aborted) throw cancelledPush(remote);
    const facts = this.session.facts;
    const guessed = facts.caps || facts.identity ? undefined : await (guess ?? this.guessedFirmware());
    const start =
      (guessed && (await this.openPush(repl, job, guessed, signal))) ||
      (await this.openPush(
        repl,
        job,
        { caps: await this.capabilities(repl), encoding: await this.encoding(repl) },
        signal,
      ));
    const { caps, encoding, plan } = start;
    const result = (unchanged: boolean): TransferResult => ({
      remote,
      bytes: data.length,
      wireBytes: this.session.bytesWritten + this.session.bytesRead - wireBefore,
      durationMs: Date.now() - started,
      encoding,
      compressed: !unchanged && plan.compressed,
      verified: caps.hash,
      unchanged,
    });
    if (start.state === 'same') {
      onProgress?.({ bytesDone: data.length, bytesTotal: data.length });
      return result(true);
    }

    const cancelled = () => this.cancelPush(repl, caps, job);
    /** The outcome of an exec with file data: a traceback in it removes the temp file and becomes the error. */
    const checkData = async (out: ExecOutcome): Promise<void> => {
      const error = parseTraceback(fromUtf8(out.stderr));
      if (!error) return;
      if (signal?.aborted && error.type === 'KeyboardInterrupt') throw await cancelled();
      await this.runQuietly(repl, pushAbortScript(caps, job.temp));
      const mapped = fileOperationError(error, remote, 'write');
      if (mapped.code === 'STORAGE_FULL') throw storageFull(remote, data.length, start.free >= 0 ? start.free : 0);
      throw mapped;
    };
    const batches = plan.execs.length ? plan.execs : [{ code: new Uint8Array(0), dataBytes: 0 }];
    onProgress?.({ bytesDone: 0, bytesTotal: data.length });
    let done = 0;
    let finished = '';
    for (const [i, batch] of batches.entries()) {
      const last = i === batches.length - 1;
      let out = i === 0 ? start.withData : undefined;
      if (!out) {
        if (signal?.aborted) throw await cancelled();
        out = await repl.exec(last ? concatBytes([batch.code, start.finish]) : batch.code);
      }
      await checkData(out);
      if (last) finished = fromUtf8(out.stdout).trim().split('\n').pop()?.trim() ?? '';
      done += batch.dataBytes;
      onProgress?.({ bytesDone: done, bytesTotal: data.length });
    }

    const [verdict, size, got] = parseAnswer(pushFinishAnswer, finished, `finish writing ${remote}`);
    if (verdict === 'kept') {
      throw new AppError(
        'CONFLICT',
        `The module received ${remote} intact but could not rename it into place, so the new content is kept as ${job.temp} (nothing was deleted). Rename it on the module, e.g. qpy mv "${job.temp}" "${remote}", or push again.`,
        { path: remote, kept: job.temp },
      );
    }
    if (verdict !== 'ok') {
      throw new AppError(
        'VERIFY_FAILED',
        `The module received ${remote} damaged (${size} of ${data.length} bytes, ${caps.hash} ${got} instead of ${start.expected}); the old file is unchanged. Try again.`,
        { path: remote },
      );
    }
    return result(false);
  }

  /**
   * The first exec of a push: compares the target (unless forced) and, when it differs, opens this upload's temp
   * file, in one round trip. On a guessed firmware the identity check goes first in the same exec and the rest runs
   * only when it matches; undefined when it did not (the module is identified then: the caller goes the long way).
   * A forced push that fits in one exec, in an operation that already holds the definitions, sends its data, the
   * verify and the rename in this exec too (`withData`). The definitions never share an exec with file data (the
   * simulator's rewrite of a script with a while loop once wrote an 8-bit literal twice; real firmware did not).
   */
  private openPush(repl: RawRepl, job: PushJob, firmware: KnownFirmware, signal?: AbortSignal): Promise<PushStart>;
  private openPush(
    repl: RawRepl,
    job: PushJob,
    firmware: PushFirmware,
    signal?: AbortSignal,
  ): Promise<PushStart | undefined>;
  private async openPush(
    repl: RawRepl,
    job: PushJob,
    firmware: PushFirmware,
    signal?: AbortSignal,
  ): Promise<PushStart | undefined> {
    const { caps, encoding, guess } = firmware;
    const { target, temp, data } = job;
    const inflate = this.inflater(caps);
    const expected = digest(caps.hash, data);
    const plan = firmware.plan ?? this.planFor(firmware, data);
    const open = pushOpenScript(
      caps,
      target,
      temp,
      data.length,
      encoding === 'base64',
      plan.compressed ? inflate : null,
      job.force ? undefined : { size: data.length, digest: expected },
    );
    const finish = utf8(pushFinishScript(data.length, expected));
    const single = job.force && plan.execs.length <= 1 && guess === undefined && this.defined.has(repl);
    const code =
      guess !== undefined
        ? onIdentity(guess, pushDefinitions(caps) + open)
        : single
          ? concatBytes([utf8(open), runIf('_qok', concatBytes([plan.execs[0]?.code ?? new Uint8Array(0), finish]))])
          : utf8(this.withDefinitions(repl, caps, open));
    const out = await repl.exec(code);
    const lines = fromUtf8(out.stdout).trim().split('\n');
    if (guess !== undefined) {
      const identity = (lines.shift() ?? '').trim();
      this.session.facts.identity = identity;
      if (identity !== guess) return undefined;
      this.session.facts.caps = caps;
      this.session.facts.encoding = encoding;
    }
    this.definitionsRan(repl);
    const line = lines[0]?.trim() ?? '';
    const error = parseTraceback(fromUtf8(out.stderr));
    if (error && !line) {
      if (signal?.aborted && error.type === 'KeyboardInterrupt') throw await this.cancelPush(repl, caps, job);
      throw fileOperationError(error, target.dir, `write ${target.name} into`);
    }
    const [state, free] = parseAnswer(pushOpenAnswer, line, `write ${target.name} into ${target.dir}`);
    if (state === 'full') throw storageFull(target.path, data.length, free);
    if (state === 'dir') {
      throw new AppError(
        'CONFLICT',
        `${target.path} is a folder on the module, not a file: push into it with a file name, e.g. ${joinRemote(target.path, 'main.py')}.`,
        { path: target.path },
      );
    }
    return { caps, encoding, plan, expected, finish, free, state, ...(single ? { withData: out } : {}) };
  }

  /** Removes a cancelled push's temp file; the error to throw. */
  private async cancelPush(repl: RawRepl, caps: Capabilities, job: PushJob): Promise<AppError> {
    await this.runQuietly(repl, pushAbortScript(caps, job.temp));
    return cancelledPush(job.target.path);
  }

  private inflater(caps: Capabilities): DeviceInfo['inflate'] {
    return this.tuning.compress ? caps.inflate : null;
  }

  private planFor(firmware: PushFirmware, data: Uint8Array): ReturnType<typeof planUpload> {
    return planUpload(data, firmware.encoding, this.inflater(firmware.caps) !== null, this.tuning);
  }

  private withDefinitions(repl: RawRepl, caps: Capabilities, script: string): string {
    return this.defined.has(repl) ? script : pushDefinitions(caps) + script;
  }

  /** Records that this operation's module now holds the push definitions (after an exec that ran them). */
  private definitionsRan(repl: RawRepl): void {
    this.defined.add(repl);
  }

  // ---- internals -----------------------------------------------------------------------------------------------

  /** '8bit' when a bytes literal holding every byte value survives the link and the lexer; else 'base64'. */
  private async encoding(repl: RawRepl): Promise<TransferResult['encoding']> {
    const known = this.session.facts.encoding;
    if (known) return known;
    let result: TransferResult['encoding'] = 'base64';
    if (this.tuning.eightBit) {
      const probe = concatBytes([utf8('print('), bytesLiteral(ALL_BYTES), utf8('==bytes(range(256)))\n')]);
      const out = await repl.exec(probe).catch(() => null);
      if (out && fromUtf8(out.stdout).trim() === 'True') result = '8bit';
    }
    this.session.facts.encoding = result;
    return result;
  }

  private throwIfFailed(stderr: Uint8Array, subject: string, action: string): void {
    const error = parseTraceback(fromUtf8(stderr));
    if (error) throw fileOperationError(error, subject, action);
  }

  private async runChecked(repl: RawRepl, code: string, subject: string, action: string): Promise<string> {
    const out = await repl.exec(code);
    this.throwIfFailed(out.stderr, subject, action);
    return fromUtf8(out.stdout);
  }

  private async runJson<S extends z.ZodMiniType>(
    schema: S,
    repl: RawRepl,
    code: string,
    subject: string,
    action: string,
  ): Promise<z.infer<S>> {
    const text = (await this.runChecked(repl, code, subject, action)).trim();
    return parseAnswer(schema, text.split('\n').pop() ?? '', `${action} ${subject}`, text);
  }

  /** Clean-up after an error or a cancel: runs to its end even when the operation's signal has fired. */
  private async runQuietly(repl: RawRepl, code: string): Promise<void> {
    await repl.exec(code, { signal: NEVER_ABORTED }).catch(() => undefined);
  }
}
