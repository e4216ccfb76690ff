import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { WEB_PROTOCOL } from '../../shared/api/web-auth';
import { createWireCodec, type ClientMessage } from '../../shared/api/wire';
import type { Backend } from '../backend';
import {
  allowedHostHeaders,
  bindWarnings,
  hostHeaderAllowed,
  isLoopbackHost,
  newWebToken,
  offeredToken,
  tokensEqual,
} from './access';
import { createStaticHandler } from './static-files';

interface WebHostOptions {
  backend: Backend;
  /** Folder of the built renderer (dist/renderer). */
  rendererDir: string;
  host?: string;
  /** 0 picks a free port; a busy port is an error unless `fallbackToFreePort`. */
  port?: number;
  fallbackToFreePort?: boolean;
}

export interface WebHost {
  /** The address to open, with the per-launch token in its fragment. */
  url: string;
  port: number;
  /** Things the user should know before sharing the address (a non-loopback bind). */
  warnings: string[];
  close(): Promise<void>;
}

const nodeBase64 = {
  encode: (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'),
  decode: (text: string) => new Uint8Array(Buffer.from(text, 'base64')),
};

const listen = (server: Server, port: number, host: string) =>
  new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });

const forbidden = 'HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n';

/**
 * Browser mode: serves the renderer and the backend's contract over a WebSocket, on loopback by default.
 * Static files are public (they hold no secret); the WebSocket needs the per-launch token from the printed URL,
 * the host's own origin (so other web pages cannot drive it) and a Host header naming this host (DNS rebinding).
 */
export const startWebHost = async (options: WebHostOptions): Promise<WebHost> => {
  const host = options.host ?? '127.0.0.1';
  const token = newWebToken();
  const codec = createWireCodec(nodeBase64);
  let allowedHosts = new Set<string>();
  const serveStatic = createStaticHandler(options.rendererDir);
  const server = createServer((req, res) => {
    if (!hostHeaderAllowed(req, allowedHosts)) {
      res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Unknown host name.\n');
      return;
    }
    void serveStatic(req, res);
  });
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: 512 * 1024 * 1024,
    handleProtocols: () => WEB_PROTOCOL,
  });
  const clients = new Set<WebSocket>();
  let nextClient = 1;

  try {
    await listen(server, options.port ?? 0, host);
  } catch (error) {
    if (!options.fallbackToFreePort || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    await listen(server, 0, host);
  }
  const port = (server.address() as AddressInfo).port;
  allowedHosts = allowedHostHeaders(host, port);

  server.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const given = offeredToken(req);
    const sameOrigin = (req.headers.origin ?? '').toLowerCase() === `http://${req.headers.host ?? ''}`.toLowerCase();
    if (
      path !== '/api' ||
      !hostHeaderAllowed(req, allowedHosts) ||
      !sameOrigin ||
      !given ||
      !tokensEqual(given, token)
    ) {
      socket.end(forbidden);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws));
  });

  // Backend events are listened to only while a page is connected, so with no UI open nothing (such as the port
  // watcher, which polls only while someone listens) works for nobody.
  let unsubscribe: (() => void) | null = null;
  const forwardEvents = () =>
    options.backend.events.subscribe((name, payload) => {
      const text = codec.stringify({ t: 'event', name, payload });
      for (const ws of clients) if (ws.readyState === ws.OPEN) ws.send(text);
    });

  wss.on('connection', (ws: WebSocket) => {
    const clientId = `web-${nextClient++}`;
    clients.add(ws);
    unsubscribe ??= forwardEvents();
    ws.on('close', () => {
      clients.delete(ws);
      if (clients.size === 0) {
        unsubscribe?.();
        unsubscribe = null;
      }
    });
    ws.on('message', (data) => {
      let message: ClientMessage;
      try {
        message = codec.parse<ClientMessage>(data.toString());
      } catch {
        return;
      }
      if (message?.t !== 'call' || typeof message.id !== 'number') return;
      void options.backend.dispatch(message.name, message.req, { shell: 'web', clientId }).then((result) => {
        if (ws.readyState === ws.OPEN) ws.send(codec.stringify({ t: 'result', id: message.id, result }));
      });
    });
  });

  const urlHost = isLoopbackHost(host) || host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return {
    url: `http://${urlHost.includes(':') ? `[${urlHost}]` : urlHost}:${port}/#token=${token}`,
    port,
    warnings: bindWarnings(host),
    async close() {
      unsubscribe?.();
      for (const ws of clients) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};
