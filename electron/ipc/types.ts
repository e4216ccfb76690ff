import type { CallName, CallResponse, EventMap, EventName, ParsedRequest } from '../../shared/contract';

/** Who is calling. Handlers rarely need it; the dispatcher fills it in. */
export interface CallContext {
  shell: 'electron' | 'web';
  /** A stable id of the connected UI (window id or WebSocket id), for per-client state such as a terminal. */
  clientId: string;
}

type Handler<K extends CallName> = (
  request: ParsedRequest<K>,
  context: CallContext,
) => Promise<CallResponse<K>> | CallResponse<K>;

/** A handler for every call: a missing one is a compile error. */
export type Handlers = { [K in CallName]: Handler<K> };

/** The handlers of one domain, e.g. `DomainHandlers<keyof typeof mqttCalls>`. */
export type DomainHandlers<K extends CallName> = { [P in K]: Handler<P> };

/** Services push events through this; front doors forward them to every connected UI. */
export type EmitEvent = <E extends EventName>(event: E, payload: EventMap[E]) => void;
