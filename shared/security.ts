/**
 * The renderer's Content-Security-Policy, the same in Electron and in browser mode: only the app's own code,
 * no eval, no remote content; the WebSocket back to the browser-mode host is the only connection.
 */
export const CONTENT_SECURITY_POLICY = [
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
  "frame-ancestors 'none'",
].join('; ');

/** The privileged scheme the Electron shell serves the renderer from (app://qpy/index.html). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'qpy';
/** The Origin header the Electron renderer sends. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
