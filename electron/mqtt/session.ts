import mqtt, { Store, type IClientOptions, type IConnackPacket, type IPublishPacket, type MqttClient } from 'mqtt';
import type {
  ConnectionOptions,
  MqttMessageFrame,
  MqttRecord,
  QoS,
  SessionState,
  SessionStatus,
  SubscriptionState,
} from '../../shared/api/mqtt';
import { AppError } from '../../shared/errors';
import { ACK_REASONS, explainConnackCode } from '../../shared/mqtt/reason-codes';
import { checkTopicFilter } from '../../shared/mqtt/topic';
import { buildClientOptions, randomClientId, usesTls } from './client-options';
import { classifyClientError } from './client-errors';
import { FrameBatcher } from './frame-batcher';
import { FullPayloadStore } from './full-payload-store';
import { fromPacketProperties, preparePublish, type PublishInput } from './publish-packet';

/** Opens an MQTT.js client; tests and the cloud emulator can pass their own. */
export type MqttClientFactory = (options: IClientOptions) => MqttClient;

const DEFAULT_TRUNCATE_BYTES = 256 * 1024;

interface SessionOptions {
  sessionId: string;
  connection: ConnectionOptions;
  profileId?: string;
  onStatus: (status: SessionStatus) => void;
  onFrame: (frame: MqttMessageFrame) => void;
  connect?: MqttClientFactory;
  /** Asks the embedded broker why it refused or dropped this client (a CONNACK code carries no reason). */
  explain?: SessionExplainer;
  now?: () => number;
  /** Payloads longer than this cross to the UI truncated; the whole one stays here. */
  truncateBytes?: number;
  frameIntervalMs?: number;
  maxRecordsPerFrame?: number;
}

interface Subscription extends SubscriptionState {
  nl?: boolean;
  rap?: boolean;
  rh?: 0 | 1 | 2;
}

const grantedFromCode = (code: number, v5: boolean): Pick<SubscriptionState, 'granted' | 'failureReason'> => {
  if (code === 0 || code === 1 || code === 2) return { granted: code };
  const reason = v5 ? (ACK_REASONS[code] ?? `reason code 0x${code.toString(16)}`) : 'refused by the broker';
  return { granted: 'failed', failureReason: `The broker refused the subscription (${reason}).` };
};

/**
 * One connection to a broker: connect with backoff reconnection, subscriptions kept across reconnects,
 * every message in and out turned into a record and batched into frames.
 */
/** Why the embedded broker (its cloud emulator) refused or dropped a client, when it knows. */
export interface SessionExplainer {
  refusal(connection: ConnectionOptions, clientId: string, sinceMs: number): string | undefined;
  drop(connection: ConnectionOptions, clientId: string, sinceMs: number): string | undefined;
}

/** The broker's verdict may be stamped a little before the state change that asks for it. */
const EXPLAIN_SLACK_MS = 1_000;

export class MqttSession {
  readonly sessionId: string;
  private readonly connection: ConnectionOptions;
  private readonly v5: boolean;
  private readonly now: () => number;
  private readonly truncateBytes: number;
  private readonly batcher: FrameBatcher;
  private readonly fullPayloads = new FullPayloadStore();
  private readonly subs = new Map<string, Subscription>();
  private readonly incomingStore = new Store();
  private readonly outgoingStore = new Store();
  private client: MqttClient | undefined;
  private clientId: string;
  private state: SessionState = 'connecting';
  private since: number;
  private attempt = 0;
  private nextAttemptAt: number | undefined;
  private refusal: SessionStatus['refusal'];
  private error: SessionStatus['error'];
  private server: SessionStatus['server'];
  private nextRecordId = 1;
  private userClosed = false;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  /** What the last failed attempt said, consumed when the connection closes. */
  private pendingFailure: { refusalCode?: number; error?: { code: string; message: string; terminal: boolean } } = {};
  private settleFirst: ((s: SessionStatus) => void) | undefined;

  constructor(private readonly options: SessionOptions) {
    this.sessionId = options.sessionId;
    this.connection = options.connection;
    this.v5 = options.connection.version === '5';
    this.now = options.now ?? Date.now;
    this.since = this.now();
    this.truncateBytes = options.truncateBytes ?? DEFAULT_TRUNCATE_BYTES;
    this.clientId = options.connection.clientId || randomClientId();
    this.batcher = new FrameBatcher({
      sessionId: options.sessionId,
      emit: options.onFrame,
      ...(options.frameIntervalMs ? { intervalMs: options.frameIntervalMs } : {}),
      ...(options.maxRecordsPerFrame ? { maxRecords: options.maxRecordsPerFrame } : {}),
    });
  }

  /** Starts connecting; resolves with the status after the first outcome (connected, refused, error, retrying). */
  async start(initialSubscriptions: Array<{ topic: string; qos: QoS }> = []): Promise<SessionStatus> {
    for (const s of initialSubscriptions) {
      const check = checkTopicFilter(s.topic);
      if (!check.ok) throw new AppError('INVALID_TOPIC', check.message ?? 'Invalid topic filter.');
      this.subs.set(s.topic, { topic: s.topic, qos: s.qos, granted: null });
    }
    const clientOptions = await buildClientOptions(this.connection, this.clientId);
    clientOptions.incomingStore = this.incomingStore;
    clientOptions.outgoingStore = this.outgoingStore;
    const first = new Promise<SessionStatus>((resolve) => (this.settleFirst = resolve));
    const factory = this.options.connect ?? mqtt.connect;
    this.client = factory(clientOptions);
    this.attach(this.client);
    this.emitStatus();
    return first;
  }

  status(): SessionStatus {
    const s: SessionStatus = {
      sessionId: this.sessionId,
      label: `${this.connection.transport}://${this.connection.host}:${this.connection.port}`,
      clientId: this.clientId,
      version: this.connection.version,
      state: this.state,
      since: this.since,
      attempt: this.attempt,
      insecureTls: usesTls(this.connection) && (this.connection.tls?.allowInsecure ?? false),
      subscriptions: [...this.subs.values()].map(({ topic, qos, granted, failureReason }) =>
        failureReason ? { topic, qos, granted, failureReason } : { topic, qos, granted },
      ),
    };
    if (this.options.profileId) s.profileId = this.options.profileId;
    if (this.state === 'reconnecting' && this.nextAttemptAt !== undefined) s.nextAttemptAt = this.nextAttemptAt;
    if (this.refusal) s.refusal = this.refusal;
    if (this.error) s.error = this.error;
    if (this.server) s.server = this.server;
    return s;
  }

  get isOpen(): boolean {
    return this.state !== 'closed' && this.state !== 'refused' && this.state !== 'error';
  }

  async subscribe(
    topic: string,
    qos: QoS,
    extra: { noLocal?: boolean; retainAsPublished?: boolean; retainHandling?: 0 | 1 | 2 } = {},
  ): Promise<SubscriptionState> {
    const check = checkTopicFilter(topic);
    if (!check.ok) throw new AppError('INVALID_TOPIC', check.message ?? 'Invalid topic filter.');
    this.requireOpen();
    const sub: Subscription = { topic, qos, granted: null };
    if (extra.noLocal !== undefined) sub.nl = extra.noLocal;
    if (extra.retainAsPublished !== undefined) sub.rap = extra.retainAsPublished;
    if (extra.retainHandling !== undefined) sub.rh = extra.retainHandling;
    this.subs.set(topic, sub);
    this.emitStatus();
    if (this.state !== 'connected') return { topic, qos, granted: null };
    await this.sendSubscribe([sub]);
    const { granted, failureReason } = this.subs.get(topic) ?? sub;
    return failureReason ? { topic, qos, granted, failureReason } : { topic, qos, granted };
  }

  async unsubscribe(topic: string): Promise<void> {
    this.requireOpen();
    if (!this.subs.delete(topic)) {
      throw new AppError('NOT_FOUND', `This session is not subscribed to "${topic}".`);
    }
    this.emitStatus();
    const client = this.client;
    if (this.state !== 'connected' || !client) return;
    await new Promise<void>((resolve, reject) =>
      client.unsubscribe(topic, (err) =>
        err ? reject(new AppError('MQTT_ERROR', `Unsubscribe from "${topic}" failed: ${err.message}`)) : resolve(),
      ),
    );
  }

  async publish(input: PublishInput): Promise<{ recordId: number; queued: boolean }> {
    const prepared = preparePublish(input, this.v5, this.server?.maximumPacketSize);
    this.requireOpen();
    const client = this.client;
    if (!client) throw new AppError('MQTT_NOT_CONNECTED', 'The session has not started.');
    const connected = this.state === 'connected';
    if (!connected && input.qos === 0) {
      throw new AppError(
        'MQTT_NOT_CONNECTED',
        `The session is ${this.state}: QoS 0 messages are not queued. Wait for the connection or publish with QoS 1.`,
      );
    }
    const recordId = this.record(
      'out',
      prepared.topic,
      prepared.payload,
      input.qos,
      input.retain,
      false,
      prepared.options.properties,
    );
    const sent = new Promise<void>((resolve, reject) => {
      client.publish(prepared.topic, Buffer.from(prepared.payload), prepared.options, (err, packet) => {
        if (err) {
          reject(err);
          return;
        }
        const code = (packet as { reasonCode?: number } | undefined)?.reasonCode;
        if (code !== undefined && code >= 0x80) {
          reject(new AppError('MQTT_ERROR', `The broker refused the message: ${ACK_REASONS[code] ?? code}.`));
          return;
        }
        resolve();
      });
    });
    if (!connected) {
      sent.catch(() => undefined);
      return { recordId, queued: true };
    }
    try {
      await sent;
      return { recordId, queued: false };
    } catch (error) {
      if (error instanceof AppError) throw error;
      if (this.isOpen && input.qos > 0 && this.state !== 'connected') return { recordId, queued: true };
      throw new AppError('MQTT_ERROR', `Publishing to "${input.topic}" failed: ${(error as Error).message}`);
    }
  }

  fullPayload(recordId: number): Uint8Array {
    const payload = this.fullPayloads.get(recordId);
    if (!payload) {
      throw new AppError(
        'NOT_FOUND',
        `Message ${recordId} has no stored full payload: it was not truncated, or it is too old and was dropped.`,
      );
    }
    return payload;
  }

  async close(): Promise<void> {
    if (this.userClosed) return;
    this.userClosed = true;
    this.clearReconnect();
    const client = this.client;
    if (client) {
      const force = this.state !== 'connected';
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => client.end(true, {}, () => resolve()), 2_000);
        client.end(force, {}, () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    this.batcher.flush();
    this.fullPayloads.clear();
    this.refusal = undefined;
    this.error = undefined;
    this.setState('closed');
  }

  private requireOpen(): void {
    if (!this.isOpen || this.userClosed) {
      throw new AppError(
        'MQTT_NOT_CONNECTED',
        `The session is ${this.state}${this.refusal ? ` (${this.refusal.reason})` : ''}: connect again first.`,
      );
    }
  }

  private attach(client: MqttClient): void {
    client.on('connect', (connack) => this.onConnect(connack));
    client.on('message', (topic, payload, packet) => this.onMessage(topic, payload, packet));
    client.on('error', (error) => this.onClientError(error));
    client.on('disconnect', (packet) => {
      const code = packet.reasonCode ?? 0;
      this.pendingFailure.error = {
        code: 'MQTT_ERROR',
        message: `The broker closed the session (reason ${ACK_REASONS[code] ?? `0x${code.toString(16)}`}).`,
        terminal: false,
      };
    });
    client.on('close', () => this.onClose());
  }

  private onConnect(connack: IConnackPacket): void {
    const props = connack.properties;
    const server: NonNullable<SessionStatus['server']> = { sessionPresent: connack.sessionPresent };
    if (props?.maximumPacketSize !== undefined) server.maximumPacketSize = props.maximumPacketSize;
    if (props?.topicAliasMaximum !== undefined) server.topicAliasMaximum = props.topicAliasMaximum;
    if (props?.receiveMaximum !== undefined) server.receiveMaximum = props.receiveMaximum;
    if (props?.assignedClientIdentifier !== undefined) {
      server.assignedClientId = props.assignedClientIdentifier;
      this.clientId = props.assignedClientIdentifier;
    }
    if (props?.serverKeepAlive !== undefined) server.serverKeepAlive = props.serverKeepAlive;
    if (props?.maximumQoS !== undefined) server.maximumQoS = props.maximumQoS;
    if (props?.retainAvailable !== undefined) server.retainAvailable = props.retainAvailable;
    this.server = server;
    this.attempt = 0;
    this.refusal = undefined;
    this.error = undefined;
    this.pendingFailure = {};
    const toSubscribe = [...this.subs.values()].filter((s) => !connack.sessionPresent || s.granted === null);
    for (const s of this.subs.values()) if (!connack.sessionPresent) s.granted = null;
    this.setState('connected');
    if (toSubscribe.length) void this.sendSubscribe(toSubscribe).catch(() => undefined);
  }

  private sendSubscribe(list: Subscription[]): Promise<void> {
    const client = this.client;
    if (!client) return Promise.resolve();
    const request: Record<string, { qos: QoS; nl?: boolean; rap?: boolean; rh?: number }> = {};
    for (const s of list) {
      const opts: { qos: QoS; nl?: boolean; rap?: boolean; rh?: number } = { qos: s.qos };
      if (this.v5 && s.nl !== undefined) opts.nl = s.nl;
      if (this.v5 && s.rap !== undefined) opts.rap = s.rap;
      if (this.v5 && s.rh !== undefined) opts.rh = s.rh;
      request[s.topic] = opts;
    }
    return new Promise<void>((resolve, reject) => {
      client.subscribe(request, (err, granted) => {
        if (err) {
          for (const s of list) {
            const current = this.subs.get(s.topic);
            if (current === s) Object.assign(current, { granted: 'failed', failureReason: err.message });
          }
          this.emitStatus();
          reject(new AppError('MQTT_ERROR', `Subscribe failed: ${err.message}`));
          return;
        }
        for (const g of granted ?? []) {
          const current = this.subs.get(g.topic);
          if (!current) continue;
          const result = grantedFromCode(g.qos, this.v5);
          current.granted = result.granted;
          if (result.failureReason) current.failureReason = result.failureReason;
          else delete current.failureReason;
        }
        this.emitStatus();
        resolve();
      });
    });
  }

  private onMessage(topic: string, payload: Buffer, packet: IPublishPacket): void {
    this.record('in', topic, payload, packet.qos, packet.retain, packet.dup, packet.properties);
  }

  /** Turns one message into a record and hands it to the batcher; returns its id. */
  private record(
    direction: 'in' | 'out',
    topic: string,
    payload: Uint8Array,
    qos: QoS,
    retain: boolean,
    dup: boolean,
    packetProperties?: unknown,
  ): number {
    const id = this.nextRecordId++;
    const size = payload.byteLength;
    const truncated = size > this.truncateBytes;
    if (truncated) this.fullPayloads.put(id, new Uint8Array(payload));
    const record: MqttRecord = {
      id,
      sessionId: this.sessionId,
      direction,
      time: this.now(),
      topic,
      qos,
      retain,
      dup,
      payload: new Uint8Array(truncated ? payload.subarray(0, this.truncateBytes) : payload),
      size,
      truncated,
    };
    const properties = this.v5 ? fromPacketProperties(packetProperties) : undefined;
    if (properties) record.properties = properties;
    this.batcher.push(record);
    return id;
  }

  private onClientError(error: Error & { code?: string | number }): void {
    if (typeof error.code === 'number' && error.message.startsWith('Connection refused')) {
      this.pendingFailure.refusalCode = error.code;
      return;
    }
    this.pendingFailure.error = classifyClientError(error, this.connection);
  }

  private onClose(): void {
    if (this.userClosed) return;
    const failure = this.pendingFailure;
    this.pendingFailure = {};
    this.server = undefined;
    if (failure.refusalCode !== undefined) {
      const explained = explainConnackCode(this.v5 ? 5 : 4, failure.refusalCode);
      const cause = this.options.explain?.refusal(this.connection, this.clientId, this.since - EXPLAIN_SLACK_MS);
      this.refusal = {
        code: failure.refusalCode,
        reason: explained.reason,
        hint: explained.hint,
        ...(cause ? { cause } : {}),
      };
      this.error = undefined;
      if (explained.permanent || !this.connection.reconnect.enabled) {
        this.stopClient();
        this.setState('refused');
        return;
      }
    } else if (failure.error) {
      this.error = { code: failure.error.code, message: failure.error.message };
      if (failure.error.terminal) {
        this.stopClient();
        this.setState('error');
        return;
      }
    } else if (this.state === 'connected') {
      const why = this.options.explain?.drop(this.connection, this.clientId, this.since - EXPLAIN_SLACK_MS);
      this.error = {
        code: 'DISCONNECTED',
        message: why ? `The emulated cloud closed the connection: ${why}.` : 'The connection to the broker was lost.',
      };
    } else {
      const where = `${this.connection.host}:${this.connection.port}`;
      this.error = {
        code: 'MQTT_ERROR',
        message: `${where} closed the connection before accepting it: check that the port speaks MQTT (and TLS when set), the MQTT version and the credentials.`,
      };
    }
    if (!this.connection.reconnect.enabled) {
      this.stopClient();
      this.setState('error');
      return;
    }
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    this.attempt++;
    const { initialDelayMs, maxDelayMs } = this.connection.reconnect;
    const base = Math.min(maxDelayMs, initialDelayMs * 2 ** Math.min(this.attempt - 1, 20));
    const delay = Math.round(base * (0.8 + Math.random() * 0.4));
    this.nextAttemptAt = this.now() + delay;
    this.clearReconnect();
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (this.userClosed || !this.client) return;
      this.nextAttemptAt = undefined;
      this.client.reconnect({ incomingStore: this.incomingStore, outgoingStore: this.outgoingStore });
    }, delay);
    this.setState('reconnecting');
  }

  private clearReconnect(): void {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
  }

  private stopClient(): void {
    this.clearReconnect();
    this.client?.end(true);
  }

  private setState(state: SessionState): void {
    if (state !== this.state) this.since = this.now();
    this.state = state;
    this.emitStatus();
    if (state !== 'connecting' && this.settleFirst) {
      const settle = this.settleFirst;
      this.settleFirst = undefined;
      settle(this.status());
    }
  }

  private emitStatus(): void {
    this.options.onStatus(this.status());
  }
}
