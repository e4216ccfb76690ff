import { bindApi } from '../../../shared/api/bind';
import { createWireCodec, type ClientMessage, type ServerMessage } from '../../../shared/api/wire';
import { base64ToBytes, bytesToBase64 } from '../../../shared/codec/base64';
import type { Api, EventMap, EventName } from '../../../shared/contract';
import { createEventListeners } from '../../../shared/listener-set';
import { fail, type Result } from '../../../shared/result';

/** `refused`: the host is up but will not accept this page (no token, or one from an earlier start). */
export type ConnectionState = 'connecting' | 'open' | 'closed' | 'refused';

interface WebSocketApiOptions {
  /** Offered on the upgrade; carries the browser-mode token. */
  protocols?: string[];
  onState?: (state: ConnectionState) => void;
  /** Asked after a connection attempt fails before opening, to tell "host down" from "refused". */
  hostServesPages?: () => Promise<boolean>;
}

interface Pending {
  resolve: (result: Result<unknown>) => void;
}

const codec = createWireCodec({ encode: bytesToBase64, decode: base64ToBytes });

/**
 * Browser mode's implementation of the Api: the contract over a WebSocket to the Node host.
 * Calls made while the socket is down wait for it; calls in flight when it drops resolve with DISCONNECTED.
 */
export const createWebSocketApi = (url: string, options: WebSocketApiOptions = {}): Api => {
  const { onState } = options;
  const pending = new Map<number, Pending>();
  const listeners = createEventListeners<EventMap>();
  const queue: string[] = [];
  let nextId = 1;
  let socket: WebSocket | undefined;
  let retryMs = 250;
  // Once refused, retries go on quietly (the user may fix the address) without flickering the status.
  let refused = false;

  const connect = () => {
    if (!refused) onState?.('connecting');
    const ws = new WebSocket(url, options.protocols ?? []);
    socket = ws;
    let opened = false;
    ws.onopen = () => {
      opened = true;
      refused = false;
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
        listeners.emit(message.name as EventName, message.payload as EventMap[EventName]);
      }
    };
    ws.onclose = () => {
      if (!refused) onState?.('closed');
      if (!opened && !refused && options.hostServesPages) {
        void options.hostServesPages().then((up) => {
          if (!up || socket !== ws) return;
          refused = true;
          onState?.('refused');
        });
      }
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

  return bindApi(invoke, listeners.on);
};
