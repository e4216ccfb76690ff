import { randomUUID } from 'node:crypto';
import type { ConnectionOptions, MqttMessageFrame, QoS, SessionStatus, SubscriptionState } from '../../shared/api/mqtt';
import { AppError } from '../../shared/errors';
import { ObserverSession, type ObservedCloud } from './observer-session';
import { MqttSession, type MqttClientFactory, type SessionExplainer } from './session';
import type { PublishInput } from './publish-packet';

export interface SessionManagerOptions {
  onStatus: (status: SessionStatus) => void;
  onFrame: (frame: MqttMessageFrame) => void;
  /** Default: mqtt.connect. */
  connect?: MqttClientFactory;
  frameIntervalMs?: number;
  maxRecordsPerFrame?: number;
  truncateBytes?: number;
}

/** What the handlers do with a session, whether it is an MQTT connection or an observer of the emulated cloud. */
interface ConsoleSession {
  readonly sessionId: string;
  status(): SessionStatus;
  publish(input: PublishInput): Promise<{ recordId: number; queued: boolean }>;
  subscribe(
    topic: string,
    qos: QoS,
    options?: { noLocal?: boolean; retainAsPublished?: boolean; retainHandling?: 0 | 1 | 2 },
  ): Promise<SubscriptionState>;
  unsubscribe(topic: string): Promise<void>;
  fullPayload(recordId: number): Uint8Array;
  close(): Promise<void>;
}

/** All open MQTT sessions of the app, by id. Closed sessions are forgotten once their last status is emitted. */
export class SessionManager {
  private readonly sessions = new Map<string, ConsoleSession>();
  private explainer: SessionExplainer | undefined;

  constructor(private readonly options: SessionManagerOptions) {}

  /** Where sessions ask why the embedded broker refused or dropped them (set once the cloud emulator exists). */
  explainWith(explainer: SessionExplainer): void {
    this.explainer = explainer;
  }

  private readonly onStatusOf = (sessionId: string) => (status: SessionStatus) => {
    if (status.state === 'closed') this.sessions.delete(sessionId);
    this.options.onStatus(status);
  };

  async open(
    connection: ConnectionOptions,
    extra: { profileId?: string; subscriptions?: Array<{ topic: string; qos: QoS }> } = {},
  ): Promise<SessionStatus> {
    const sessionId = randomUUID();
    const session = new MqttSession({
      sessionId,
      connection,
      ...(extra.profileId ? { profileId: extra.profileId } : {}),
      onStatus: this.onStatusOf(sessionId),
      onFrame: this.options.onFrame,
      explain: {
        refusal: (c, id, since) => this.explainer?.refusal(c, id, since),
        drop: (c, id, since) => this.explainer?.drop(c, id, since),
      },
      ...(this.options.connect ? { connect: this.options.connect } : {}),
      ...(this.options.frameIntervalMs ? { frameIntervalMs: this.options.frameIntervalMs } : {}),
      ...(this.options.maxRecordsPerFrame ? { maxRecordsPerFrame: this.options.maxRecordsPerFrame } : {}),
      ...(this.options.truncateBytes ? { truncateBytes: this.options.truncateBytes } : {}),
    });
    this.sessions.set(sessionId, session);
    try {
      return await session.start(extra.subscriptions ?? []);
    } catch (error) {
      this.sessions.delete(sessionId);
      await session.close().catch(() => undefined);
      throw error;
    }
  }

  /** Watches the emulated cloud as its application side (see ObserverSession). */
  observe(cloud: ObservedCloud, extra: { profileId?: string } = {}): SessionStatus {
    const sessionId = randomUUID();
    const session = new ObserverSession({
      sessionId,
      cloud,
      ...(extra.profileId ? { profileId: extra.profileId } : {}),
      onStatus: this.onStatusOf(sessionId),
      onFrame: this.options.onFrame,
      ...(this.options.frameIntervalMs ? { frameIntervalMs: this.options.frameIntervalMs } : {}),
    });
    this.sessions.set(sessionId, session);
    const status = session.status();
    this.options.onStatus(status);
    return status;
  }

  get(sessionId: string): ConsoleSession {
    const session = this.sessions.get(sessionId);
    if (!session) {
      throw new AppError('NOT_FOUND', `No MQTT session ${sessionId}: it was closed. Connect again.`);
    }
    return session;
  }

  list(): SessionStatus[] {
    return [...this.sessions.values()].map((s) => s.status());
  }

  async close(sessionId: string): Promise<void> {
    await this.get(sessionId).close();
    this.sessions.delete(sessionId);
  }

  async publish(sessionId: string, input: PublishInput): Promise<{ recordId: number; queued: boolean }> {
    return this.get(sessionId).publish(input);
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.sessions.values()].map((s) => s.close()));
    this.sessions.clear();
  }
}
