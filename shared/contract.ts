import type { z } from 'zod';
import type { CallSpec } from './api/define';
import type { Result } from './result';
import { appCalls, type AppEvents } from './api/app';
import { cloudCalls, type CloudEvents } from './api/cloud';
import { deviceCalls, type DeviceEvents } from './api/device';
import { localCalls } from './api/local';
import { mqttCalls, type MqttEvents } from './api/mqtt';

/**
 * The one contract between the UI and the backend. Each domain declares its calls and events in
 * shared/api/<domain>.ts; they are merged here. Handlers (electron/handlers/<domain>.ts), every front door and
 * the renderer's test fake are typed from this object, so a new call is a compile error until all agree.
 */
export const contract = {
  ...appCalls,
  ...cloudCalls,
  ...mqttCalls,
  ...deviceCalls,
  ...localCalls,
};

export type EventMap = AppEvents & MqttEvents & DeviceEvents & CloudEvents;

type Contract = typeof contract;
export type CallName = keyof Contract;
export type EventName = keyof EventMap;

type SpecOf<K extends CallName> = Contract[K];
type RequestSchema<K extends CallName> = SpecOf<K> extends CallSpec<infer S, unknown> ? S : never;

/** What a caller sends (before zod defaults are applied). */
export type CallRequest<K extends CallName> = z.input<RequestSchema<K>>;
/** What a handler receives (after zod parsing). */
export type ParsedRequest<K extends CallName> = z.output<RequestSchema<K>>;
export type CallResponse<K extends CallName> = SpecOf<K> extends CallSpec<z.ZodType, infer R> ? R : never;

export type Unsubscribe = () => void;

/** What the renderer talks to: one named method per call, plus event subscription. */
export type Api = {
  [K in CallName]: (request: CallRequest<K>) => Promise<Result<CallResponse<K>>>;
} & {
  on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): Unsubscribe;
};

export const callNames = Object.keys(contract) as CallName[];

export const isCallName = (name: unknown): name is CallName =>
  typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
