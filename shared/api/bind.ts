import { callNames, type Api, type CallName, type EventMap, type EventName, type Unsubscribe } from '../contract';
import type { Result } from '../result';

type Invoke = (name: CallName, request: unknown) => Promise<Result<unknown>>;
type Subscribe = <E extends EventName>(event: E, listener: (payload: EventMap[E]) => void) => Unsubscribe;

/**
 * Builds the named-method Api from one transport function. Electron's preload and the browser-mode client both
 * use it, so they cannot drift from the contract: every call in `contract` becomes a method.
 */
export const bindApi = (invoke: Invoke, on: Subscribe): Api => {
  const api: Record<string, unknown> = { on };
  for (const name of callNames) api[name] = (request: unknown) => invoke(name, request ?? {});
  return api as Api;
};
