import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import { WEB_TOKEN_PREFIX } from '../../shared/api/web-auth';

/** 256 random bits, base64url: the per-launch secret the printed URL carries. */
export const newWebToken = (): string => randomBytes(32).toString('base64url');

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Constant-time comparison (both sides hashed first, so their lengths never leak either). */
export const tokensEqual = (given: string, expected: string): boolean =>
  timingSafeEqual(digest(given), digest(expected));

/** The token a WebSocket upgrade offers as its `qpy-token.<token>` subprotocol, or null. */
export const offeredToken = (req: IncomingMessage): string | null => {
  const header = req.headers['sec-websocket-protocol'];
  if (typeof header !== 'string') return null;
  for (const part of header.split(',')) {
    const protocol = part.trim();
    if (protocol.startsWith(WEB_TOKEN_PREFIX)) return protocol.slice(WEB_TOKEN_PREFIX.length);
  }
  return null;
};

export const isLoopbackHost = (host: string): boolean =>
  host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);

const isWildcard = (host: string) => host === '0.0.0.0' || host === '::';

const bracket = (host: string) => (isIP(host) === 6 ? `[${host}]` : host);

/**
 * The Host headers this server answers to. A DNS-rebinding page reaches us under its own host name, so only
 * loopback names, the bound address and (for a wildcard bind) this machine's own addresses are accepted.
 */
export const allowedHostHeaders = (boundHost: string, port: number): Set<string> => {
  const names = new Set(['127.0.0.1', 'localhost', '::1']);
  if (isWildcard(boundHost)) {
    for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) names.add(a.address);
  } else {
    names.add(boundHost);
  }
  return new Set([...names].map((name) => `${bracket(name)}:${port}`.toLowerCase()));
};

export const hostHeaderAllowed = (req: IncomingMessage, allowed: Set<string>): boolean =>
  allowed.has((req.headers.host ?? '').toLowerCase());

/** Printed when the host is reachable from other machines. */
export const bindWarnings = (boundHost: string): string[] =>
  isLoopbackHost(boundHost)
    ? []
    : [
        `Warning: QPY Studio is listening on ${boundHost}, so other computers on the network can reach it. ` +
          'Anyone with the full address (including its #token=…) can drive your modules and read your files; ' +
          'share it with no one, and use the default 127.0.0.1 unless you need this.',
      ];
