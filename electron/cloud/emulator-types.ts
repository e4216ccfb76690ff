import { AppError } from '../../shared/errors';
import type { CloudTopic, ConnectAttempt, EmulatedCloudId, EmulatorEvent, RefuseCode } from '../../shared/cloud/types';

export type { EmulatorEvent };

export interface OutMessage {
  topic: string;
  payload: string;
}

export interface DownlinkArgs {
  /** JSON params (property set, service input, command paras). */
  params?: Record<string, unknown>;
  /** Raw payload; when set it is sent as is. */
  payload?: string;
  /** Fills {identifier} (Aliyun/OneNET service or event id). */
  identifier?: string;
  /** Huawei: service id and command name. */
  serviceId?: string;
  commandName?: string;
}

export type SessionVerdict =
  { ok: true; session: string; note?: string } | { ok: false; returnCode: RefuseCode; reason: string };

/** How one cloud authenticates, authorizes and answers. */
export interface EmulatorProfile {
  cloud: EmulatedCloudId;
  /** Safe to show: product/device identifiers, never secrets. */
  deviceLabel: string;
  topics: CloudTopic[];
  verify(c: ConnectAttempt, nowMs: number): SessionVerdict;
  publishAllowed(topic: string, session: string): boolean;
  subscribeAllowed(filter: string, session: string): boolean;
  /** Messages the cloud sends back when the device publishes. */
  onUplink(topic: string, payload: string, nowMs: number): OutMessage[];
  /** Messages pushed to this client alone right after CONNACK (Aliyun registration). */
  onReady?(session: string, clientId: string): OutMessage[];
  downlink(name: string, args: DownlinkArgs, nextId: () => string): OutMessage;
}

/** Topic template → MQTT filter: every level holding a {placeholder} becomes +. */
/** The downlink template called `name`, or a BAD_REQUEST naming the cloud's downlinks. */
export const findDownlink = (cloudLabel: string, topics: readonly CloudTopic[], name: string): CloudTopic => {
  const found = topics.find((x) => x.name === name && x.direction === 'down');
  if (found) return found;
  const names = topics.filter((x) => x.direction === 'down').map((x) => x.name);
  throw new AppError('BAD_REQUEST', `${cloudLabel} has no downlink "${name}"; use one of ${names.join(', ')}.`);
};

export const templateToFilter = (topic: string): string =>
  topic
    .split('/')
    .map((level) => (level.includes('{') ? '+' : level))
    .join('/');

export const fillTemplate = (topic: string, values: Record<string, string | undefined>): string =>
  topic.replace(/\{(\w+)\}/g, (whole, key: string) => {
    const v = values[key];
    if (v === undefined) throw new Error(`missing ${key}`);
    return v;
  });

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export const parseJson = (text: string): Record<string, unknown> | undefined => {
  try {
    const v: unknown = JSON.parse(text);
    return isObject(v) ? v : undefined;
  } catch {
    return undefined;
  }
};
