import { bindApi } from '../../../shared/api/bind';
import { createWireCodec, type ClientMessage, type ServerMessage } from '../../../shared/api/wire';
import { base64ToBytes, bytesToBase64 } from '../../../shared/codec/base64';
import type { Api, EventMap, EventName } from '../../../shared/contract';
import { fail, type Result } from '../../../shared/result';

export type ConnectionState = 'connecting' | 'open' | 'closed';

interface Pending {
  resolve: (result: Result<unknown>) => void;
}

const codec = createWireCodec({ encode: bytesToBase64, decode: base64ToBytes });

/**
 * Browser mode's implementation of the Api: the contract over a WebSocket to the Node host.
 * Calls made while the socket is down wait for it; calls in flight when it drops resolve with DISCONNECTED.
 */
export const createWebSocketApi = (url: string, onState?: (state: ConnectionState) => void): Api => {
  const pending = new Map<number, Pending>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const queue: string[] = [];
  let nextId = 1;
  let socket: WebSocket | undefined;
  let retryMs = 250;

  const connect = () => {
    onState?.('connecting');
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      retryMs = 250;
      onState?.('open');
      for (const text of queue.splice(0)) ws.send(text);
    };
    ws.onmessage = (event) => {
      const message = codec.parse<ServerMessage>(String(event.data));
      if (message.t === 'result') {
        pending.get(message.id)?.resolve(message.result);
        pending.delete(message.id);
      } else if (message.t === 'event') {
        for (const listener of listeners.get(message.name) ?? []) listener(message.payload);
      }
    };
    ws.onclose = () => {
      onState?.('closed');
      for (const [id, p] of pending) {
        p.resolve(
          fail('DISCONNECTED', 'Lost the connection to the QPY Studio host; it reconnects by itself. Try again.'),
        );
        pending.delete(id);
      }
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 5000);
    };
  };
  connect();

  const invoke = (name: string, req: unknown) =>
    new Promise<Result<unknown>>((resolve) => {
      const id = nextId++;
      pending.set(id, { resolve });
      const text = codec.stringify({ t: 'call', id, name, req } satisfies ClientMessage);
      if (socket?.readyState === WebSocket.OPEN) socket.send(text);
      else queue.push(text);
    });

  const on = <E extends EventName>(event: E, listener: (payload: EventMap[E]) => void) => {
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    const wrapped = listener as (payload: unknown) => void;
    set.add(wrapped);
    return () => void set.delete(wrapped);
  };

  return bindApi(invoke, on);
};
