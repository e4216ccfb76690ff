import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { Aedes, type AedesPublishPacket, type Client } from 'aedes';
import { WebSocketServer, createWebSocketStream } from 'ws';
import type { BrokerStatus } from '../../shared/api/mqtt';
import { AppError } from '../../shared/errors';
import { APP_ORIGIN } from '../../shared/security';
import { DEFAULT_BROKER_LIMITS, formatBytes, maxPacketBytes, type BrokerLimits } from './broker-limits';
import { closeServer, listenOnFreePort } from './listen';
import { limitPacketSize } from './packet-limit';
import { RetainedFile } from './retained-file';

import { DEFAULT_BROKER_PORT } from './default-port';

export { DEFAULT_BROKER_PORT };
export const DEFAULT_BROKER_WS_PORT = 8083;
export const RETAINED_FILE_NAME = 'broker-retained.json';

/** Runs on the aedes instance before it accepts connections, e.g. installCloudEmulator(aedes, config). */
export type ConfigureBroker = (aedes: Aedes) => void | Promise<void>;

interface BrokerListenOptions {
  host?: string;
  /** TCP port; the next free one is taken when it is busy (unless strictPort). 0 = any free port. */
  port?: number;
  /** WebSocket port (path /mqtt and /); undefined = no WebSocket listener. */
  wsPort?: number;
  strictPort?: boolean;
  configure?: ConfigureBroker;
  /** Shown in the status, e.g. 'aliyun emulator'. */
  emulatorName?: string;
}

export interface BrokerServiceOptions extends BrokerListenOptions {
  /** Folder of the retained-messages file. */
  dataDir: string;
  onStatus?: (status: BrokerStatus) => void;
  /** Message size and retained limits (settings.json `broker`); defaults in DEFAULT_BROKER_LIMITS. */
  limits?: Partial<BrokerLimits>;
  /**
   * Web origins besides the Electron app's (app://qpy) that may open the WebSocket listener, e.g. the
   * browser-mode host's. Clients that send no Origin (MQTT.js in Node, mosquitto) are not web pages and are let in.
   */
  wsAllowedOrigins?: () => readonly string[];
  /** Where refusals and save failures are reported (default: stderr). */
  log?: (line: string) => void;
}

interface Running {
  aedes: Aedes;
  tcp: Server;
  sockets: Set<Socket>;
  http?: HttpServer;
  wss?: WebSocketServer;
  port: number;
  wsPort?: number;
  host: string;
  requestedPort: number;
  emulatorName?: string;
  /** Connected clients (for "is this client id in use?"). */
  clients: Set<Client>;
}

/**
 * The embedded MQTT broker (aedes, MQTT 3.1.1): TCP and optional WebSocket listeners, retained messages kept in
 * the data folder across restarts, and a hook for cloud emulators to take over authentication and replies.
 */
export class BrokerService {
  private running: Running | undefined;
  private state: BrokerStatus['state'] = 'stopped';
  private lastError: string | undefined;
  private transition: Promise<unknown> = Promise.resolve();
  private readonly retained: RetainedFile;
  private readonly limits: BrokerLimits;
  /** Reasons already logged (each refusal kind once per start, so a flood does not flood the log). */
  private readonly logged = new Set<string>();

  constructor(private readonly options: BrokerServiceOptions) {
    this.limits = { ...DEFAULT_BROKER_LIMITS, ...options.limits };
    this.retained = new RetainedFile(join(options.dataDir, RETAINED_FILE_NAME), {
      limits: this.limits,
      log: (line) => this.log(line),
    });
  }

  private log(line: string): void {
    (this.options.log ?? ((l: string) => console.warn(`[qpy broker] ${l}`)))(line);
  }

  private logOnce(key: string, line: string): void {
    if (this.logged.has(key)) return;
    this.logged.add(key);
    this.log(line);
  }

  /** The live aedes instance (for in-process publishing and emulators), or undefined when stopped. */
  get aedes(): Aedes | undefined {
    return this.running?.aedes;
  }

  /** The client ids connected right now (empty when stopped). */
  connectedClientIds(): string[] {
    return [...(this.running?.clients ?? [])].filter((c) => !c.closed).map((c) => c.id);
  }

  /** Whether `host:port` (plain MQTT or WebSocket) is this broker while it runs. */
  serves(transport: string, host: string, port: number): boolean {
    const r = this.running;
    if (!r) return false;
    const local = ['127.0.0.1', 'localhost', '::1', r.host].includes(host);
    return local && ((transport === 'mqtt' && port === r.port) || (transport === 'ws' && port === r.wsPort));
  }

  status(): BrokerStatus {
    const r = this.running;
    const status: BrokerStatus = {
      state: this.state,
      host: r?.host ?? this.options.host ?? '127.0.0.1',
      clients: r ? r.aedes.connectedClients : 0,
      retainedCount: this.retained.size,
      dataFile: this.retained.file,
    };
    if (r) {
      status.port = r.port;
      status.requestedPort = r.requestedPort;
      if (r.wsPort !== undefined) status.wsPort = r.wsPort;
      if (r.emulatorName) status.emulator = r.emulatorName;
    }
    const error = this.lastError ?? this.retained.lastError;
    if (error) status.error = error;
    return status;
  }

  /** Starts (or restarts with new options when already running). */
  start(overrides: BrokerListenOptions = {}): Promise<BrokerStatus> {
    return this.serialize(async () => {
      if (this.running) await this.doStop();
      await this.doStart({ ...this.options, ...overrides });
      return this.status();
    });
  }

  stop(): Promise<BrokerStatus> {
    return this.serialize(async () => {
      await this.doStop();
      return this.status();
    });
  }

  async restart(): Promise<BrokerStatus> {
    const r = this.running;
    const again: BrokerListenOptions = r
      ? { host: r.host, port: r.port, strictPort: true, ...(r.wsPort !== undefined ? { wsPort: r.wsPort } : {}) }
      : {};
    return this.start(again);
  }

  private serialize<T>(work: () => Promise<T>): Promise<T> {
    const next = this.transition.then(work, work);
    this.transition = next.catch(() => undefined);
    return next;
  }

  private emit(): void {
    this.options.onStatus?.(this.status());
  }

  private async doStart(o: BrokerListenOptions): Promise<void> {
    const host = o.host ?? '127.0.0.1';
    const requestedPort = o.port ?? DEFAULT_BROKER_PORT;
    this.state = 'starting';
    this.lastError = undefined;
    this.logged.clear();
    this.emit();
    let aedes: Aedes | undefined;
    const tcp = createServer();
    const sockets = new Set<Socket>();
    let http: HttpServer | undefined;
    let wss: WebSocketServer | undefined;
    try {
      aedes = await Aedes.createBroker();
      await this.attachRetainedFile(aedes);
      await o.configure?.(aedes);
      this.enforceLimits(aedes);
      const broker = aedes;
      const packetLimit = maxPacketBytes(this.limits);
      const tooBig = (announced: number) =>
        this.logOnce(
          'packet',
          `A client sent an MQTT packet of ${formatBytes(announced)}, larger than the ${formatBytes(this.limits.maxMessageBytes)} ` +
            'message limit (setting broker.maxMessageBytes); its connection was closed.',
        );
      tcp.on('connection', (socket) => {
        sockets.add(socket);
        socket.once('close', () => sockets.delete(socket));
        broker.handle(limitPacketSize(socket, packetLimit, tooBig));
      });
      const port = o.strictPort
        ? await listenOnFreePort(tcp, host, requestedPort, 1)
        : await listenOnFreePort(tcp, host, requestedPort);
      let wsPort: number | undefined;
      if (o.wsPort !== undefined) {
        http = createHttpServer((_req, res) => {
          res
            .writeHead(426, { 'content-type': 'text/plain' })
            .end('MQTT over WebSocket: connect with ws://host:port/mqtt\n');
        });
        wss = new WebSocketServer({
          server: http,
          maxPayload: packetLimit,
          verifyClient: (
            { origin }: { origin?: string },
            answer: (ok: boolean, code?: number, message?: string) => void,
          ) => (this.originAllowed(origin) ? answer(true) : answer(false, 403, 'Forbidden origin')),
        });
        wss.on('connection', (socket, request) =>
          broker.handle(limitPacketSize(createWebSocketStream(socket), packetLimit, tooBig), request),
        );
        wsPort = await listenOnFreePort(http, host, o.wsPort, o.strictPort ? 1 : 50);
      }
      const running: Running = { aedes, tcp, sockets, port, host, requestedPort, clients: new Set() };
      if (http) running.http = http;
      if (wss) running.wss = wss;
      if (wsPort !== undefined) running.wsPort = wsPort;
      if (o.emulatorName) running.emulatorName = o.emulatorName;
      this.running = running;
      const onClients = () => this.emit();
      aedes.on('client', (client) => {
        running.clients.add(client);
        onClients();
      });
      aedes.on('clientDisconnect', (client) => {
        running.clients.delete(client);
        onClients();
      });
      this.state = 'running';
      this.emit();
    } catch (error) {
      await closeServer(tcp);
      if (http) await closeServer(http);
      if (aedes) await new Promise<void>((resolve) => aedes?.close(() => resolve()));
      this.state = 'error';
      const err = error as NodeJS.ErrnoException;
      this.lastError =
        err.code === 'EADDRINUSE'
          ? `${err.message} Stop the program using it or pick another port.`
          : `The broker could not start: ${err.message}`;
      this.emit();
      throw new AppError('BROKER_ERROR', this.lastError);
    }
  }

  /** Web pages may reach a loopback port too: only the app's own pages may use the broker from a browser. */
  private originAllowed(origin: string | undefined): boolean {
    if (origin === undefined || origin === '') return true;
    const allowed = [APP_ORIGIN, ...(this.options.wsAllowedOrigins?.() ?? [])];
    if (allowed.includes(origin)) return true;
    this.logOnce(
      `origin:${origin}`,
      `Refused a WebSocket connection from the web page ${JSON.stringify(origin.slice(0, 200))}: only the app's own pages may use the broker.`,
    );
    return false;
  }

  /**
   * Refuses over-limit publishes by closing the publisher's connection (MQTT 3.1.1 has no negative PUBACK).
   * Installed after `configure`, around whatever authorizePublish a cloud emulator set.
   */
  private enforceLimits(aedes: Aedes): void {
    const inner = aedes.authorizePublish.bind(aedes);
    aedes.authorizePublish = (client, packet, done) => {
      const payload = packet.payload;
      const size = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length;
      if (size > this.limits.maxMessageBytes) {
        this.logOnce(
          'message',
          `A client published ${formatBytes(size)} to ${packet.topic}, larger than the ${formatBytes(this.limits.maxMessageBytes)} ` +
            'message limit (setting broker.maxMessageBytes); its connection was closed.',
        );
        return done(new Error('message larger than the broker limit'));
      }
      if (packet.retain) {
        const over = this.retained.wouldExceed(packet.topic, size);
        if (over) {
          this.logOnce(
            `retained-${over}`,
            over === 'count'
              ? `The broker keeps at most ${this.limits.maxRetainedMessages} retained messages (setting broker.maxRetainedMessages); ` +
                  `a retained publish to ${packet.topic} was refused and its connection closed.`
              : `The broker keeps at most ${formatBytes(this.limits.maxRetainedBytes)} of retained messages (setting broker.maxRetainedBytes); ` +
                  `a retained publish to ${packet.topic} was refused and its connection closed.`,
          );
          return done(new Error('retained limit reached'));
        }
      }
      inner(client, packet, done);
    };
  }

  /** Restores saved retained messages and mirrors every later change to the file. */
  private async attachRetainedFile(aedes: Aedes): Promise<void> {
    const persistence = (aedes as unknown as { persistence: { storeRetained(p: AedesPublishPacket): Promise<void> } })
      .persistence;
    const saved = await this.retained.load();
    const original = persistence.storeRetained.bind(persistence);
    persistence.storeRetained = async (packet: AedesPublishPacket) => {
      await original(packet);
      this.retained.update(packet.topic, packet.qos, packet.payload as Buffer);
    };
    for (const m of saved) {
      await new Promise<void>((resolve, reject) =>
        aedes.publish(
          { cmd: 'publish', topic: m.topic, payload: m.payload, qos: m.qos, retain: true, dup: false },
          (e) => (e ? reject(e) : resolve()),
        ),
      );
    }
  }

  private async doStop(): Promise<void> {
    const r = this.running;
    this.running = undefined;
    if (r) {
      for (const client of r.wss?.clients ?? []) client.terminate();
      await new Promise<void>((resolve) => r.aedes.close(() => resolve()));
      for (const socket of r.sockets) socket.destroy();
      await closeServer(r.tcp);
      if (r.wss) await new Promise<void>((resolve) => r.wss?.close(() => resolve()));
      if (r.http) {
        r.http.closeAllConnections();
        await closeServer(r.http);
      }
    }
    await this.retained.flush();
    this.state = 'stopped';
    this.emit();
  }
}
