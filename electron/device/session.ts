import type { SerialBinding as BindingInterface, SerialPortHandle as BindingPortInterface } from './binding-types';
import type { DeviceConnectionState, DeviceSessionInfo, DeviceStateEvent } from '../../shared/api/device';
import { AppError, isAppError } from '../../shared/errors';
import { concatBytes, fromUtf8, latin1, utf8 } from './bytes';
import { findPortHolderLinux, mapOpenError, type FindPortHolder } from './port-errors';
import { CTRL_B, CTRL_C } from '../../shared/device/repl-keys';
import { ReplProtocol, type ProtocolEvent } from './protocol';
import type { Capabilities } from './remote-scripts';
import { TerminalFrameBatcher } from './terminal-frames';
import { TypedLine } from './typed-line';

/** Facts about the module behind a session, learned once by the file layer and kept while the port is open. */
interface ModuleFacts {
  /** The firmware's identity (its uname(), as IDENTITY_SCRIPT prints it), once asked. */
  identity?: string;
  /** What the firmware offers (module names, hash, inflater, …): the probe's answer. */
  caps?: Capabilities;
  /** How pushes encode file data: '8bit' after a bytes literal of every byte value came through intact. */
  encoding?: '8bit' | 'base64';
  /** Whether pulls come back as raw 8-bit bytes (false after one came back damaged: base64 then). */
  pull8bit?: boolean;
}

export interface SessionTimeouts {
  /** How long the REPL may take to answer a prompt request (plus the link time of what it sends). */
  promptMs: number;
  /** How long a module operation may go without a byte moving in either direction. */
  idleMs: number;
  /** Ctrl-C attempts before a module that ignores them is declared unresponsive. */
  interruptTries: number;
}

const DEFAULT_TIMEOUTS: SessionTimeouts = { promptMs: 1000, idleMs: 10_000, interruptTries: 8 };

interface DeviceSessionOptions {
  path: string;
  binding: BindingInterface;
  baudRate?: number;
  /** Try raw-paste (flow-controlled upload); false forces plain raw REPL. */
  rawPaste?: boolean;
  /** Terminal frame interval. */
  frameMs?: number;
  timeouts?: Partial<SessionTimeouts>;
  findPortHolder?: FindPortHolder;
  onTerminal?: (frame: Uint8Array) => void;
  onState?: (event: DeviceStateEvent) => void;
  /**
   * The last session on this port was cut off in the middle of one of our operations, so the module is most
   * likely still inside our raw REPL or raw-paste (not in the user's program): the first operation may Ctrl-C.
   */
  resumeAfterCutOff?: boolean;
  /**
   * For a program that closes the port once its operations are done (the CLI): after an operation the module
   * stays at the raw prompt until something needs the friendly REPL (the next raw operation goes straight on),
   * and closing sends Ctrl-B without waiting for the banner it prints.
   */
  leaveRawUntilNeeded?: boolean;
}

export interface ExecOutcome {
  stdout: Uint8Array;
  stderr: Uint8Array;
  /** Output bytes not in stdout/stderr because of `keepBytes` (they went to onStdout/onStderr only). */
  dropped: number;
  durationMs: number;
}

export interface ExecOptions {
  /** Inactivity limit; null waits forever (a program the user will interrupt). */
  idleMs?: number | null;
  onStdout?: (data: Uint8Array) => void;
  onStderr?: (data: Uint8Array) => void;
  /** Keep only the last N bytes of stdout and of stderr in the outcome (a user's program may print forever). */
  keepBytes?: number;
  /** Aborting sends Ctrl-C; the exec then ends with the module's KeyboardInterrupt. */
  signal?: AbortSignal;
}

/** The raw REPL, handed to the body of an operation. */
export interface RawRepl {
  exec(code: string | Uint8Array, options?: ExecOptions): Promise<ExecOutcome>;
  readonly session: DeviceSession;
}

export interface OperationOptions {
  /** Ctrl-C a running program instead of failing with DEVICE_BUSY. */
  interrupt?: boolean;
  /** Stream the program's keystrokes through while it runs (run file). */
  passthrough?: boolean;
  /** Cancels the operation (the body sees the signal; a running exec gets Ctrl-C). */
  signal?: AbortSignal;
}

interface Waiter {
  match: (event: ProtocolEvent) => boolean;
  resolve: () => void;
  reject: (error: Error) => void;
  idleMs: number | null;
  timer: ReturnType<typeof setTimeout> | null;
  label: string;
  /** Restart the timer whenever a byte moves (exec), instead of an absolute limit (prompts). */
  resets: boolean;
}

const WRITE_CHUNK = 256;

const isFriendlyReady = (event: ProtocolEvent): boolean => event.type === 'friendly-ready';
const isRawReady = (event: ProtocolEvent): boolean => event.type === 'raw-ready';

/**
 * One open serial port to one module. It owns the port, the protocol state, the terminal stream and the queue
 * of operations: while an operation runs, the terminal stream pauses, the module is in raw REPL, and the
 * friendly REPL is restored afterwards. Every wait has a timeout; a lost port rejects everything with
 * DISCONNECTED.
 */
export class DeviceSession {
  readonly path: string;
  readonly baudRate: number;
  private readonly binding: BindingInterface;
  private readonly timeouts: SessionTimeouts;
  private readonly findHolder: FindPortHolder;
  private readonly onState: (event: DeviceStateEvent) => void;
  private readonly frames: TerminalFrameBatcher;
  private port: BindingPortInterface | null = null;
  private readonly protocol = new ReplProtocol();
  private readonly waiters = new Set<Waiter>();
  private stateValue: DeviceConnectionState = 'disconnected';
  private operationLabel: string | undefined;
  private passthrough = false;
  private opChain: Promise<unknown> = Promise.resolve();
  private writeChain: Promise<void> = Promise.resolve();
  private currentAbort: AbortController | null = null;
  private rawPaste: 'try' | 'no';
  private rawPasteSeen = false;
  private disconnectError: AppError | null = null;
  private cutOffValue = false;
  private resumeAfterCutOff: boolean;
  private readonly leaveRawUntilNeeded: boolean;
  /** The last operation left the module at the raw prompt (leaveRawUntilNeeded); Ctrl-B is still owed. */
  private rawExitPending = false;
  private syncCount = 0;
  private readonly typedLine = new TypedLine();
  /** Bytes written to and read from the port since it was opened. */
  bytesWritten = 0;
  bytesRead = 0;
  /** What the file layer learned about this module on this link (see ModuleFacts). */
  readonly facts: ModuleFacts = {};

  constructor(options: DeviceSessionOptions) {
    this.path = options.path;
    this.binding = options.binding;
    this.baudRate = options.baudRate ?? 115200;
    this.rawPaste = options.rawPaste === false ? 'no' : 'try';
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.findHolder = options.findPortHolder ?? findPortHolderLinux;
    this.resumeAfterCutOff = options.resumeAfterCutOff === true;
    this.leaveRawUntilNeeded = options.leaveRawUntilNeeded === true;
    this.onState = options.onState ?? (() => undefined);
    const onTerminal = options.onTerminal ?? (() => undefined);
    this.frames = new TerminalFrameBatcher(onTerminal, options.frameMs ?? 16);
  }

  get state(): DeviceConnectionState {
    return this.stateValue;
  }

  get info(): DeviceSessionInfo {
    return {
      path: this.path,
      state: this.stateValue,
      baudRate: this.baudRate,
      ...(this.operationLabel ? { operation: this.operationLabel } : {}),
    };
  }

  /** True when the port was lost or closed while an operation owned it (the module may be left in raw REPL). */
  get cutOff(): boolean {
    return this.cutOffValue;
  }

  /** Whether raw-paste works on this module: null until an exec tried it, false when refused or switched off. */
  get rawPasteWorks(): boolean | null {
    return this.rawPaste === 'no' ? false : this.rawPasteSeen ? true : null;
  }

  async open(): Promise<void> {
    if (this.port) return;
    this.setState('connecting');
    try {
      this.port = await this.binding.open({ path: this.path, baudRate: this.baudRate, lock: true });
    } catch (error) {
      const mapped = await mapOpenError(this.path, error, this.findHolder);
      this.setState('disconnected', { reason: mapped.message, code: mapped.code });
      throw mapped;
    }
    this.disconnectError = null;
    this.setState('connected');
    void this.readLoop(this.port);
  }

  async close(): Promise<void> {
    const port = this.port;
    if (!port) return;
    this.currentAbort?.abort();
    if (this.rawExitPending && !this.disconnectError) {
      this.rawExitPending = false;
      this.protocol.exitRaw();
      await this.flush().catch(() => undefined);
    }
    this.fail(new AppError('NOT_CONNECTED', `The port ${this.path} was closed.`), 'closed by the user');
    await port.close().catch(() => undefined);
  }

  /** Keystrokes from the terminal. Refused while a file operation owns the port. */
  async write(data: Uint8Array | string): Promise<void> {
    this.assertOpen();
    if (this.stateValue === 'busy' && !this.passthrough) {
      throw new AppError(
        'DEVICE_BUSY',
        `The port ${this.path} is busy with ${this.operationLabel ?? 'an operation'}; wait for it or cancel it.`,
      );
    }
    const bytes = typeof data === 'string' ? utf8(data) : data;
    if (this.stateValue !== 'busy') await this.settleRawExit();
    if (this.stateValue === 'busy') this.typedLine.unknown();
    else this.typedLine.typed(bytes);
    this.protocol.write(bytes);
    await this.flush();
  }

  /**
   * Ctrl-C. During an operation it cancels the operation; otherwise it is repeated until the friendly prompt
   * comes back (a module busy in main.py may need several). Resolves true when the prompt was seen.
   */
  async interrupt(): Promise<boolean> {
    this.assertOpen();
    if (this.currentAbort) {
      this.currentAbort.abort();
      return true;
    }
    await this.settleRawExit();
    return this.interruptUntilPrompt(false);
  }

  /** Runs `body` with exclusive use of the port, in raw REPL, and restores the friendly REPL afterwards. */
  withRawRepl<T>(label: string, options: OperationOptions, body: (repl: RawRepl) => Promise<T>): Promise<T> {
    return this.exclusive(label, options, async (signal) => {
      await this.enterRaw(options.interrupt === true);
      let done = false;
      try {
        const result = await body({
          session: this,
          exec: (code, execOptions = {}) => this.exec(code, { signal, ...execOptions }),
        });
        done = true;
        return result;
      } finally {
        if (done && this.leaveRawUntilNeeded && this.protocol.mode === 'raw' && !this.disconnectError) {
          this.rawExitPending = true;
        } else if (this.port) await this.exitRaw().catch(() => undefined);
      }
    });
  }

  /** Soft reset from the friendly REPL, forwarding the boot output to the terminal (and returning it). */
  softReset(options: { interrupt?: boolean; watchMs?: number }): Promise<{ output: string; mainRunning: boolean }> {
    return this.exclusive('soft reset', options, async () => {
      await this.settleRawExit();
      await this.ensureFriendlyPrompt(options.interrupt === true);
      const output: Uint8Array[] = [];
      const collect = (event: ProtocolEvent) => {
        if (event.type === 'terminal') output.push(event.data);
        return event.type === 'friendly-ready';
      };
      // A total watch time, not an idle one: a main.py that prints forever must not keep the reset from returning.
      const cameBack = await this.awaitPrompt(
        collect,
        () => this.protocol.softReset(),
        options.watchMs ?? 5000,
        'the module to come back after a soft reset',
      );
      if (!cameBack) this.protocol.toFriendly();
      return { output: fromUtf8(concatBytes(output)), mainRunning: !cameBack };
    });
  }

  // ---- internals -------------------------------------------------------------------------------------------

  private assertOpen(): void {
    if (this.disconnectError) throw this.disconnectError;
    if (!this.port) throw new AppError('NOT_CONNECTED', `The port ${this.path} is not open; open it first.`);
  }

  private setState(
    state: DeviceConnectionState,
    extra: { reason?: string; code?: DeviceStateEvent['code'] } = {},
  ): void {
    this.stateValue = state;
    if (state !== 'busy') this.operationLabel = undefined;
    this.onState({ ...this.info, ...extra });
  }

  private exclusive<T>(
    label: string,
    options: OperationOptions,
    body: (signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    const run = async (): Promise<T> => {
      this.assertOpen();
      const abort = new AbortController();
      const external = options.signal;
      const onExternal = () => abort.abort();
      if (external?.aborted) abort.abort();
      external?.addEventListener('abort', onExternal);
      this.currentAbort = abort;
      this.frames.flush();
      this.operationLabel = label;
      this.passthrough = options.passthrough === true;
      this.setState('busy');
      let typed: string | null = null;
      try {
        typed = await this.setAsideTypedLine();
        return await body(abort.signal);
      } finally {
        external?.removeEventListener('abort', onExternal);
        this.currentAbort = null;
        this.passthrough = false;
        if (typed && this.port && !this.disconnectError && this.protocol.atFriendlyPrompt) {
          await this.retype(typed);
        }
        if (this.port && !this.disconnectError) this.setState('connected');
      }
    };
    const result = this.opChain.then(run, run);
    this.opChain = result.catch(() => undefined);
    return result;
  }

  /**
   * A line the user was typing at the prompt would be cancelled by the operation's way into raw REPL (and a Ctrl-B
   * probe would move its cursor): Ctrl-C clears it now, at a known idle prompt, and it is typed again afterwards.
   * Returns the line to type again, or null.
   */
  private async setAsideTypedLine(): Promise<string | null> {
    const typed = this.typedLine.value;
    this.typedLine.unknown();
    if (!typed || this.protocol.mode !== 'friendly') return null;
    const cleared = await this.awaitPrompt(
      isFriendlyReady,
      () => this.protocol.interrupt(),
      this.promptMs,
      'the REPL prompt',
    );
    return cleared ? typed : null;
  }

  private async retype(typed: string): Promise<void> {
    const bytes = latin1(typed);
    this.protocol.write(bytes);
    await this.flush();
    this.typedLine.typed(bytes);
  }

  private linkMs(bytes: number): number {
    return Math.ceil((bytes * 10 * 1000) / this.baudRate);
  }

  private get promptMs(): number {
    return this.timeouts.promptMs + this.linkMs(200);
  }

  /**
   * Gets the friendly prompt without disturbing a running program unless allowed: at a known prompt nothing is
   * needed; otherwise Ctrl-B (harmless: it reprints the banner) asks the REPL to show itself. Silence means a
   * program is running: DEVICE_BUSY, or Ctrl-C until the prompt returns when `interrupt` is set.
   */
  private async ensureFriendlyPrompt(interrupt: boolean): Promise<void> {
    if (this.protocol.atFriendlyPrompt) return;
    const probe = () => this.protocol.probeFriendly();
    if (await this.awaitPrompt(isFriendlyReady, probe, this.promptMs, 'the REPL prompt')) return;
    this.protocol.toFriendly();
    const ours = this.resumeAfterCutOff;
    this.resumeAfterCutOff = false;
    if (!interrupt && !ours) {
      throw new AppError(
        'DEVICE_BUSY',
        `The module on ${this.path} is running a program (probably main.py) and does not answer the REPL. Interrupt it (Ctrl-C; "--interrupt" in the CLI) and try again.`,
        { canInterrupt: true },
      );
    }
    if (!(await this.interruptUntilPrompt(true))) {
      throw new AppError(
        'DEVICE_PROTOCOL',
        `The module on ${this.path} does not answer Ctrl-C with a REPL prompt. Is this the module's REPL port (not its AT or modem port)? Try unplugging it.`,
      );
    }
  }

  /**
   * Ctrl-C until the friendly prompt shows; the program's KeyboardInterrupt stays visible in the terminal.
   * Each retry adds Ctrl-B, which leaves a raw REPL (or a raw-paste a pulled cable cut short) for the prompt.
   */
  private async interruptUntilPrompt(exitRaw: boolean): Promise<boolean> {
    if (this.protocol.mode !== 'friendly') this.protocol.toFriendly();
    for (let i = 0; i < this.timeouts.interruptTries; i++) {
      const sendInterrupt = () => {
        this.protocol.interrupt();
        if (exitRaw || i > 0) this.protocol.write(new Uint8Array([CTRL_B]));
      };
      const waitMs = Math.max(250, this.promptMs / 2);
      if (await this.awaitPrompt(isFriendlyReady, sendInterrupt, waitMs, 'the REPL prompt')) return true;
    }
    return false;
  }

  private async enterRaw(interrupt: boolean): Promise<void> {
    if (this.rawExitPending) {
      this.rawExitPending = false;
      if (this.protocol.mode === 'raw') return;
    }
    // Allowed to interrupt, Ctrl-C Ctrl-C Ctrl-A reaches the raw prompt in one round trip from an idle or a busy
    // REPL (as mpremote does); asking the friendly prompt first is for when a running program must be left alone.
    let unanswered = false;
    if (interrupt && !this.protocol.atFriendlyPrompt) {
      if (await this.requestRaw()) return;
      unanswered = true;
    }
    await this.ensureFriendlyPrompt(interrupt);
    for (let attempt = 0; attempt < 3; attempt++) {
      // A request that timed out may still be answered: the prompt just seen could be that late one.
      if ((await this.requestRaw()) && (!unanswered || (await this.syncRaw()))) return;
      unanswered = true;
    }
    this.protocol.toFriendly();
    throw new AppError(
      'DEVICE_PROTOCOL',
      `The module on ${this.path} did not enter raw REPL (Ctrl-A). Soft-reset it and try again.`,
    );
  }

  /** Ctrl-C Ctrl-C Ctrl-A; true when the raw prompt came back in time. */
  private requestRaw(): Promise<boolean> {
    return this.awaitPrompt(isRawReady, () => this.protocol.enterRaw(true), this.promptMs, 'the raw REPL');
  }

  /** Reads past late raw prompts with a marker print, so the next exec's answer is its own. */
  private syncRaw(): Promise<boolean> {
    const nonce = `QPYSYNC${++this.syncCount}${Date.now().toString(36)}`;
    return this.awaitPrompt(isRawReady, () => this.protocol.syncRaw(nonce), this.promptMs, 'the raw REPL');
  }

  /** Pays the Ctrl-B an operation left owing (leaveRawUntilNeeded) before the friendly REPL is used. */
  private async settleRawExit(): Promise<void> {
    if (!this.rawExitPending) return;
    this.rawExitPending = false;
    await this.exitRaw().catch(() => undefined);
  }

  private async exitRaw(): Promise<void> {
    if (this.protocol.mode === 'friendly') return;
    let back = false;
    try {
      back = await this.awaitPrompt(isFriendlyReady, () => this.protocol.exitRaw(), this.promptMs, 'the friendly REPL');
    } finally {
      if (!back) this.protocol.toFriendly();
    }
  }

  private async exec(code: string | Uint8Array, options: ExecOptions): Promise<ExecOutcome> {
    const started = Date.now();
    const bytes = typeof code === 'string' ? utf8(code) : code;
    let lastError: string | null = null;
    const done = new Promise<ExecOutcome>((resolve, reject) => {
      const idle = options.idleMs === undefined ? this.timeouts.idleMs : options.idleMs;
      void this.waitFor(
        (event) => {
          if (event.type === 'paste-support') {
            if (event.supported) this.rawPasteSeen = true;
            else this.rawPaste = 'no';
          } else if (event.type === 'stdout') options.onStdout?.(event.data);
          else if (event.type === 'stderr') options.onStderr?.(event.data);
          else if (event.type === 'protocol-error') lastError = event.message;
          else if (event.type === 'exec-done') {
            if (lastError) reject(new AppError('DEVICE_PROTOCOL', `REPL protocol error on ${this.path}: ${lastError}`));
            else {
              const { stdout, stderr, dropped } = event;
              resolve({ stdout, stderr, dropped, durationMs: Date.now() - started });
            }
            return true;
          }
          return false;
        },
        idle,
        'the module to run the code',
        true,
      ).catch(reject);
    });
    // a port lost while the code goes out rejects it before `await done`: handled here meanwhile
    done.catch(() => undefined);
    const onAbort = () => {
      this.protocol.interrupt();
      void this.flush();
    };
    options.signal?.addEventListener('abort', onAbort);
    try {
      this.protocol.exec(bytes, {
        rawPaste: this.rawPaste,
        ...(options.keepBytes === undefined ? {} : { keepBytes: options.keepBytes }),
      });
      await this.flush();
      if (options.signal?.aborted) onAbort();
      return await done;
    } catch (error) {
      if (isAppError(error) && error.code === 'TIMEOUT' && this.port) await this.recoverAfterTimeout();
      throw error;
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** After an exec timed out: Ctrl-C and a fresh raw prompt, in step with the module, so the session stays usable. */
  private async recoverAfterTimeout(): Promise<void> {
    const rawAgain = await this.requestRaw()
      .then((ready) => ready && this.syncRaw())
      .catch(() => false);
    if (!rawAgain) this.protocol.toFriendly();
  }

  /**
   * Waits for what `send` asks the module for (a prompt, a banner): the wait is armed before the bytes go out so a
   * fast answer is not missed. True when it came, false after `ms` without it; a lost port still rejects.
   */
  private async awaitPrompt(
    match: (event: ProtocolEvent) => boolean,
    send: () => void,
    ms: number,
    label: string,
  ): Promise<boolean> {
    const seen = this.waitFor(match, ms, label);
    // a port lost while the bytes go out rejects it before the await below takes it: handled here meanwhile
    seen.catch(() => undefined);
    send();
    await this.flush();
    try {
      await seen;
      return true;
    } catch (error) {
      if (isAppError(error) && error.code === 'TIMEOUT') return false;
      throw error;
    }
  }

  private waitFor(
    match: (event: ProtocolEvent) => boolean,
    idleMs: number | null,
    label: string,
    resets = false,
  ): Promise<void> {
    if (this.disconnectError) return Promise.reject(this.disconnectError);
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        match,
        idleMs,
        label,
        timer: null,
        resets,
        resolve: () => {
          this.dropWaiter(waiter);
          resolve();
        },
        reject: (error) => {
          this.dropWaiter(waiter);
          reject(error);
        },
      };
      this.waiters.add(waiter);
      this.armTimer(waiter);
    });
  }

  private armTimer(waiter: Waiter): void {
    if (waiter.timer) clearTimeout(waiter.timer);
    if (waiter.idleMs === null) return;
    waiter.timer = setTimeout(() => {
      waiter.reject(
        new AppError('TIMEOUT', `Timed out after ${waiter.idleMs} ms waiting for ${waiter.label} on ${this.path}.`),
      );
    }, waiter.idleMs);
  }

  private dropWaiter(waiter: Waiter): void {
    if (waiter.timer) clearTimeout(waiter.timer);
    this.waiters.delete(waiter);
  }

  private touchWaiters(): void {
    for (const waiter of this.waiters) if (waiter.resets) this.armTimer(waiter);
  }

  private onData(data: Uint8Array): void {
    this.bytesRead += data.length;
    this.touchWaiters();
    const events = this.protocol.feed(data);
    for (const event of events) {
      if (event.type === 'friendly-ready') this.typedLine.atPrompt();
      if (event.type === 'terminal') this.frames.push(event.data);
      else if (this.passthrough && (event.type === 'stdout' || event.type === 'stderr')) this.frames.push(event.data);
      for (const waiter of [...this.waiters]) if (waiter.match(event)) waiter.resolve();
    }
    void this.flush();
  }

  private flush(): Promise<void> {
    const data = this.protocol.takeOutgoing();
    if (data.length) {
      this.writeChain = this.writeChain.then(() => this.writeBytes(data));
    }
    return this.writeChain;
  }

  private async writeBytes(data: Uint8Array): Promise<void> {
    const port = this.port;
    if (!port || this.disconnectError) return;
    try {
      for (let i = 0; i < data.length;) {
        // A Ctrl-C starts a write of its own: some links (and the simulator) only see an interrupt there.
        const ctrlC = data.indexOf(CTRL_C, i + 1);
        const end = Math.min(i + WRITE_CHUNK, data.length, ctrlC > 0 ? ctrlC : data.length);
        await port.write(Buffer.from(data.subarray(i, end)));
        this.bytesWritten += end - i;
        i = end;
        this.touchWaiters();
      }
    } catch (error) {
      this.onLost(error);
    }
  }

  private async readLoop(port: BindingPortInterface): Promise<void> {
    const buffer = Buffer.alloc(65536);
    while (this.port === port) {
      try {
        const { bytesRead } = await port.read(buffer, 0, buffer.length);
        if (bytesRead > 0) this.onData(new Uint8Array(buffer.buffer, buffer.byteOffset, bytesRead));
      } catch (error) {
        if ((error as { canceled?: boolean }).canceled && this.port !== port) return;
        this.onLost(error);
        return;
      }
    }
  }

  private onLost(error: unknown): void {
    if (this.disconnectError) return;
    const reason = error instanceof Error ? error.message : String(error);
    const lost = new AppError(
      'DISCONNECTED',
      `The module on ${this.path} was disconnected (${reason}). Check the cable, then open the port again.`,
      { path: this.path },
    );
    const port = this.port;
    this.fail(lost, reason);
    void port?.close().catch(() => undefined);
  }

  private fail(error: AppError, reason: string): void {
    if (this.stateValue === 'busy') this.cutOffValue = true;
    this.disconnectError = error;
    this.port = null;
    this.frames.dispose();
    for (const waiter of [...this.waiters]) waiter.reject(error);
    this.currentAbort?.abort();
    this.setState('disconnected', { reason, code: error.code });
  }
}
