import type { CloudEmulatorStatus } from '../../shared/api/cloud';
import type { MqttMessageFrame, MqttRecord, SessionStatus, TraceInfo } from '../../shared/api/mqtt';
import type { EmulatorEvent } from '../../shared/cloud/types';
import { AppError } from '../../shared/errors';
import { utf8DecodeStrict, utf8Encode } from '../../shared/mqtt/payload';
import type { CloudPublishOutcome } from '../cloud/emulator';
import type { EmulatorObserver } from '../cloud/emulator-service';
import { FrameBatcher } from './frame-batcher';
import { preparePublish, type PublishInput } from './publish-packet';

/** The part of the cloud emulator service an observer needs (CloudEmulatorService fits). */
export interface ObservedCloud {
  observe(observer: EmulatorObserver): () => void;
  publishAsCloud(topic: string, payload: string): Promise<CloudPublishOutcome>;
  status(): CloudEmulatorStatus;
}

interface ObserverSessionOptions {
  sessionId: string;
  profileId?: string;
  cloud: ObservedCloud;
  onStatus: (status: SessionStatus) => void;
  onFrame: (frame: MqttMessageFrame) => void;
  now?: () => number;
  frameIntervalMs?: number;
}

/** Events that reached the cloud ('in') and those the cloud sent ('out'). */
const INBOUND: ReadonlySet<EmulatorEvent['kind']> = new Set([
  'uplink',
  'publish.denied',
  'subscribe.denied',
  'connect.accepted',
  'connect.refused',
]);

/** What the cloud did with it: a refusal, denial or drop says why; an accepted uplink or sent reply says nothing. */
const traceOf = (e: EmulatorEvent): TraceInfo => {
  const trace: TraceInfo = { kind: e.kind };
  if (e.clientId) trace.clientId = e.clientId;
  const failed =
    e.kind === 'connect.refused' ||
    e.kind === 'publish.denied' ||
    e.kind === 'subscribe.denied' ||
    ((e.kind === 'uplink' || e.kind === 'downlink' || e.kind === 'register') && e.reason !== undefined);
  if (failed && e.reason) trace.dropped = e.reason;
  else if (e.reason) trace.note = e.reason;
  if (e.kind === 'connect.refused' && e.returnCode !== undefined) trace.note = `CONNACK ${e.returnCode}`;
  return trace;
};

/**
 * The MQTT console watching the emulated cloud as its application side: every uplink, reply, downlink, connect
 * and denial becomes a record (batched in frames like any session's), and publishing sends as the cloud does.
 */
export class ObserverSession {
  readonly sessionId: string;
  private readonly now: () => number;
  private readonly batcher: FrameBatcher;
  private readonly unobserve: () => void;
  private state: 'connected' | 'closed' = 'connected';
  private since: number;
  private error: SessionStatus['error'];
  private nextRecordId = 1;
  private readonly cloudName: string;

  constructor(private readonly options: ObserverSessionOptions) {
    const status = options.cloud.status();
    if (!status.running || !status.cloud) {
      throw new AppError(
        'NOT_FOUND',
        'No cloud emulator is running: switch on "Emulated cloud" in the Cloud workspace (or run qpy broker --cloud) first.',
      );
    }
    this.cloudName = status.cloud;
    this.sessionId = options.sessionId;
    this.now = options.now ?? Date.now;
    this.since = this.now();
    this.batcher = new FrameBatcher({
      sessionId: options.sessionId,
      emit: options.onFrame,
      ...(options.frameIntervalMs ? { intervalMs: options.frameIntervalMs } : {}),
    });
    this.unobserve = options.cloud.observe({
      event: (e) => this.onEvent(e),
      stopped: () => this.end({ code: 'NOT_FOUND', message: 'The cloud emulator was switched off.' }),
    });
  }

  status(): SessionStatus {
    const s: SessionStatus = {
      sessionId: this.sessionId,
      label: `${this.cloudName} emulator`,
      clientId: '',
      version: '3.1.1',
      state: this.state,
      since: this.since,
      attempt: 0,
      insecureTls: false,
      subscriptions: [],
      mode: 'observer',
    };
    if (this.options.profileId) s.profileId = this.options.profileId;
    if (this.error) s.error = this.error;
    return s;
  }

  get isOpen(): boolean {
    return this.state === 'connected';
  }

  /** Sends as the cloud: only to the device's downlink topics; a dropped message is an error saying why. */
  async publish(input: PublishInput): Promise<{ recordId: number; queued: boolean }> {
    if (!this.isOpen) throw new AppError('MQTT_NOT_CONNECTED', 'The observer has ended: watch the cloud again first.');
    const prepared = preparePublish({ ...input, properties: undefined }, false);
    const text = utf8DecodeStrict(prepared.payload);
    if (text === null) {
      throw new AppError(
        'INVALID_PAYLOAD',
        'The emulated cloud sends text downlinks (JSON or plain text): pick the text or JSON format.',
      );
    }
    const outcome = await this.options.cloud.publishAsCloud(prepared.topic, text);
    const recordId = this.nextRecordId - 1;
    if (!outcome.delivered) {
      const some = outcome.receives.slice(0, 3).join(', ');
      const more = outcome.receives.length > 3 ? ` and ${outcome.receives.length - 3} more` : '';
      throw new AppError(
        'FORBIDDEN',
        `The emulated cloud did not send it: ${outcome.reason}. Send to one of its downlink topics: ${some}${more}.`,
        // The UI says the same in its language, with the reason in the line (errors.byKey.downlinkDropped).
        {
          messageKey: 'downlinkDropped',
          reason: outcome.reason,
          topics: some,
          moreTopics: Math.max(outcome.receives.length - 3, 0),
        },
      );
    }
    return { recordId, queued: false };
  }

  async subscribe(): Promise<never> {
    throw new AppError('BAD_REQUEST', 'An observer already sees every message of the emulated cloud: filter the log.');
  }

  async unsubscribe(): Promise<never> {
    return this.subscribe();
  }

  fullPayload(): never {
    throw new AppError('NOT_FOUND', 'The emulated cloud keeps the first 2 KB of each message: that is all there is.');
  }

  async close(): Promise<void> {
    this.end(undefined);
  }

  private onEvent(e: EmulatorEvent): void {
    if (!this.isOpen) return;
    const payload = utf8Encode(e.payload ?? '');
    const record: MqttRecord = {
      id: this.nextRecordId++,
      sessionId: this.sessionId,
      direction: INBOUND.has(e.kind) ? 'in' : 'out',
      time: e.at,
      topic: e.topic ?? '',
      qos: 0,
      retain: false,
      dup: false,
      payload,
      size: payload.byteLength,
      truncated: false,
      trace: traceOf(e),
    };
    this.batcher.push(record);
  }

  private end(error: SessionStatus['error']): void {
    if (this.state === 'closed') return;
    this.unobserve();
    this.batcher.dispose();
    this.state = 'closed';
    this.since = this.now();
    this.error = error;
    this.options.onStatus(this.status());
  }
}
