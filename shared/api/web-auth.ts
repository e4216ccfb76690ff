/**
 * How the browser-mode page proves it was opened from the URL the host printed. The token travels in the URL's
 * fragment (never sent to a server, never in a Referer or an access log) and on the WebSocket upgrade as a
 * subprotocol (a header, not the query string).
 */
export const WEB_PROTOCOL = 'qpy';
export const WEB_TOKEN_PREFIX = 'qpy-token.';

/** What the page offers on the upgrade: the plain protocol the host answers with, plus the token. */
export const webSocketProtocols = (token: string): string[] => [WEB_PROTOCOL, `${WEB_TOKEN_PREFIX}${token}`];

/** Reads the token from a location fragment such as `#token=abc`; null when there is none. */
export const tokenFromFragment = (hash: string): string | null => {
  const match = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(hash);
  return match ? match[1]! : null;
};
