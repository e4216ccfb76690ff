import { bindApi } from '../../shared/api/bind';
import type { Api, CallName, EventMap, EventName } from '../../shared/contract';
import { createEventListeners } from '../../shared/listener-set';
import type { Result } from '../../shared/result';
import { appFakes } from './fake/app';
import { cloudFakes } from './fake/cloud';
import { deviceFakes } from './fake/device';
import { localFakes } from './fake/local';
import { mqttFakes } from './fake/mqtt';
import type { FakeBackend, FakeDomain } from './fake/types';

type AllFakes = FakeDomain<CallName>;

const defaults: AllFakes = { ...appFakes, ...mqttFakes, ...deviceFakes, ...localFakes, ...cloudFakes };

export interface FakeApi extends Api {
  /** Every call made, in order, with its request. */
  readonly calls: Array<{ name: CallName; request: unknown }>;
  /** Pushes a backend event to the UI's listeners. */
  emit<E extends EventName>(event: E, payload: EventMap[E]): void;
}

/** The typed fake for component tests: the defaults above, overridden per test. */
export const createFakeApi = (overrides: Partial<AllFakes> = {}): FakeApi => {
  const handlers: AllFakes = { ...defaults, ...overrides } as AllFakes;
  const calls: FakeApi['calls'] = [];
  const listeners = createEventListeners<EventMap>();
  const backend: FakeBackend = { emit: listeners.emit };
  const api = bindApi(async (name, request) => {
    calls.push({ name, request });
    const handler = handlers[name] as (req: unknown, b: FakeBackend) => Result<unknown> | Promise<Result<unknown>>;
    return handler(request, backend);
  }, listeners.on);
  return Object.assign(api, { calls, emit: backend.emit });
};
