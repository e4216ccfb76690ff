import { randomUUID } from 'node:crypto';
import type { DeviceEvents, DeviceProgress, DeviceSessionInfo } from '../../shared/api/device';
import { AppError } from '../../shared/errors';
import { createEventListeners } from '../../shared/listener-set';
import type { SerialBinding } from './binding-types';
import { DeviceFiles, type TransferTuning } from './files';
import type { FindPortHolder } from './port-errors';
import type { ProbeCache } from './probe-cache';
import { DeviceSession, type SessionTimeouts } from './session';

type DeviceEventName = keyof DeviceEvents;
type DeviceEmit = <E extends DeviceEventName>(event: E, payload: DeviceEvents[E]) => void;

interface DeviceManagerOptions {
  /** Serial binding (or a promise of one); the default composes the native binding with the simulator's. */
  binding: SerialBinding | (() => Promise<SerialBinding>);
  /** Also sends every event here (the backend's event hub). */
  emit?: DeviceEmit;
  baudRate?: number;
  rawPaste?: boolean;
  frameMs?: number;
  timeouts?: Partial<SessionTimeouts>;
  tuning?: Partial<TransferTuning>;
  findPortHolder?: FindPortHolder;
  /** Where probe results are kept between sessions and processes (e.g. createFileProbeCache(dataDir)). */
  probeCache?: ProbeCache;
  /** Sessions leave the raw REPL only when needed and close without waiting for the banner (the CLI). */
  leaveRawUntilNeeded?: boolean;
}

interface Entry {
  session: DeviceSession;
  files: DeviceFiles;
  operations: Map<string, AbortController>;
}

/** Tracks progress of one operation and turns ticks into throttled 'device.progress' events with rate and ETA. */
interface ProgressReporter {
  readonly operationId: string;
  readonly signal: AbortSignal;
  report(tick: {
    bytesDone: number;
    bytesTotal: number;
    filesDone?: number;
    filesTotal?: number;
    file?: string;
    done?: boolean;
  }): void;
  end(): void;
}

/** Every open port of the app, by path; one session each, with typed events for terminal frames, state and progress. */
export class DeviceManager {
  private readonly entries = new Map<string, Entry>();
  /** Ports whose last session was cut off inside one of our operations (see DeviceSessionOptions). */
  private readonly cutOff = new Set<string>();
  private readonly listeners = createEventListeners<DeviceEvents>();
  private bindingPromise: Promise<SerialBinding> | null = null;

  constructor(private readonly options: DeviceManagerOptions) {}

  on<E extends DeviceEventName>(event: E, listener: (payload: DeviceEvents[E]) => void): () => void {
    return this.listeners.on(event, listener);
  }

  private emit<E extends DeviceEventName>(event: E, payload: DeviceEvents[E]): void {
    this.options.emit?.(event, payload);
    this.listeners.emit(event, payload);
  }

  private binding(): Promise<SerialBinding> {
    const source = this.options.binding;
    this.bindingPromise ??= typeof source === 'function' ? source() : Promise.resolve(source);
    return this.bindingPromise;
  }

  /** Opens `path` (or returns the session already open on it). */
  async open(path: string, options: { baudRate?: number } = {}): Promise<DeviceSessionInfo> {
    const existing = this.entries.get(path);
    if (existing && existing.session.state !== 'disconnected') return existing.session.info;
    const resume = this.cutOff.has(path) || existing?.session.cutOff === true;
    this.cutOff.delete(path);
    const session = new DeviceSession({
      path,
      binding: await this.binding(),
      baudRate: options.baudRate ?? this.options.baudRate ?? 115200,
      ...(this.options.rawPaste === undefined ? {} : { rawPaste: this.options.rawPaste }),
      ...(this.options.frameMs === undefined ? {} : { frameMs: this.options.frameMs }),
      ...(this.options.timeouts ? { timeouts: this.options.timeouts } : {}),
      ...(this.options.findPortHolder ? { findPortHolder: this.options.findPortHolder } : {}),
      onTerminal: (data) => this.emit('device.terminal', { path, data }),
      onState: (state) => this.emit('device.state', state),
      ...(resume ? { resumeAfterCutOff: true } : {}),
      ...(this.options.leaveRawUntilNeeded ? { leaveRawUntilNeeded: true } : {}),
    });
    const entry: Entry = {
      session,
      files: new DeviceFiles(session, this.options.tuning, this.options.probeCache),
      operations: new Map(),
    };
    this.entries.set(path, entry);
    try {
      await session.open();
    } catch (error) {
      if (this.entries.get(path) === entry) this.entries.delete(path);
      throw error;
    }
    return session.info;
  }

  async close(path: string): Promise<void> {
    const entry = this.entries.get(path);
    if (!entry) return;
    this.entries.delete(path);
    for (const op of entry.operations.values()) op.abort();
    await entry.session.close();
    if (entry.session.cutOff) this.cutOff.add(path);
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.entries.keys()].map((path) => this.close(path)));
  }

  sessions(): DeviceSessionInfo[] {
    return [...this.entries.values()].map((e) => e.session.info);
  }

  session(path: string): DeviceSession {
    return this.entry(path).session;
  }

  files(path: string): DeviceFiles {
    return this.entry(path).files;
  }

  private entry(path: string): Entry {
    const entry = this.entries.get(path);
    if (!entry) throw new AppError('NOT_CONNECTED', `The port ${path} is not open; open it first.`);
    if (entry.session.state === 'disconnected') {
      throw new AppError('DISCONNECTED', `The module on ${path} was disconnected; open the port again.`);
    }
    return entry;
  }

  /** Starts a cancellable operation with progress events. */
  startOperation(path: string, kind: DeviceProgress['kind'], operationId: string = randomUUID()): ProgressReporter {
    const entry = this.entry(path);
    const controller = new AbortController();
    entry.operations.set(operationId, controller);
    const started = Date.now();
    let lastEmit = 0;
    return {
      operationId,
      signal: controller.signal,
      report: (tick) => {
        const now = Date.now();
        const done = tick.done === true;
        if (!done && now - lastEmit < 100 && tick.bytesDone < tick.bytesTotal) return;
        lastEmit = now;
        const seconds = Math.max((now - started) / 1000, 0.001);
        const rate = tick.bytesDone / seconds;
        this.emit('device.progress', {
          path,
          operationId,
          kind,
          ...(tick.file ? { file: tick.file } : {}),
          bytesDone: tick.bytesDone,
          bytesTotal: tick.bytesTotal,
          filesDone: tick.filesDone ?? (done ? 1 : 0),
          filesTotal: tick.filesTotal ?? 1,
          rate: Math.round(rate),
          etaMs: rate > 0 ? Math.round(((tick.bytesTotal - tick.bytesDone) / rate) * 1000) : null,
          done,
        });
      },
      end: () => {
        entry.operations.delete(operationId);
      },
    };
  }

  /** Cancels one operation, or every operation on the port. */
  cancel(path: string, operationId?: string): void {
    const entry = this.entries.get(path);
    if (!entry) return;
    for (const [id, controller] of entry.operations) if (!operationId || id === operationId) controller.abort();
  }
}
