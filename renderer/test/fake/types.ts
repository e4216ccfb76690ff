import type { CallName, CallRequest, CallResponse, EventMap, EventName } from '../../../shared/contract';
import { fail, type Result } from '../../../shared/result';

/** What a fake answer may do besides answering: push backend events, as the real backend would. */
export interface FakeBackend {
  emit<E extends EventName>(event: E, payload: EventMap[E]): void;
}

type FakeHandler<K extends CallName> = (
  request: CallRequest<K>,
  backend: FakeBackend,
) => Result<CallResponse<K>> | Promise<Result<CallResponse<K>>>;

/** Fake answers for one domain's calls; every call must be listed, so a new call is a compile error here too. */
export type FakeDomain<K extends CallName> = { [P in K]: FakeHandler<P> };

/** For calls a test did not configure: a clear failure instead of a silent default. */
export const unconfigured = (name: CallName) => (): Result<never> =>
  fail('INTERNAL', `fake api: no response configured for ${name}; pass one to createFakeApi()`);
