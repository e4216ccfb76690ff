/**
 * The renderer's Content-Security-Policy, the same in Electron and in browser mode: only the app's own code,
 * no eval, no remote content; the WebSocket back to the browser-mode host is the only connection.
 */
const POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self' ws://127.0.0.1:* ws://localhost:*",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
];

/** The policy as renderer/index.html's meta tag carries it (browsers ignore frame-ancestors in a meta tag). */
export const CONTENT_SECURITY_POLICY_META = POLICY.join('; ');

/** The full policy, sent as a response header by the Electron app:// protocol and the browser-mode host. */
export const CONTENT_SECURITY_POLICY = [...POLICY, "frame-ancestors 'none'"].join('; ');

/** The privileged scheme the Electron shell serves the renderer from (app://qpy/index.html). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'qpy';
/** The Origin header the Electron renderer sends. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
