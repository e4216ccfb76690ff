import { join, normalize, sep } from 'node:path';
import { APP_HOST, APP_SCHEME, CONTENT_SECURITY_POLICY } from '../../shared/security';

type AppResponse =
  { status: 200; file: string; headers: Record<string, string> } | { status: 404; headers: Record<string, string> };

const NOT_FOUND: AppResponse = { status: 404, headers: { 'Content-Type': 'text/plain' } };

/**
 * Maps an app://qpy/… request to a file inside the renderer folder (index.html for /), with the CSP header.
 * Anything that is not that scheme and host, or that would leave the folder (.., encoded or not), is a 404.
 */
export const resolveAppRequest = (url: string, rendererDir: string): AppResponse => {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return NOT_FOUND;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return NOT_FOUND;
  let path: string;
  try {
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return NOT_FOUND;
  }
  if (path.includes('\0') || path.split(/[\\/]/).includes('..')) return NOT_FOUND;
  const root = normalize(rendererDir);
  const file = normalize(join(root, path === '/' || path === '' ? 'index.html' : path));
  if (!file.startsWith(root + sep)) return NOT_FOUND;
  return {
    status: 200,
    file,
    headers: { 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'X-Content-Type-Options': 'nosniff' },
  };
};

/** The scheme's privileges: a standard, secure origin (app://qpy) that may use fetch and load module scripts. */
export const APP_SCHEME_PRIVILEGES = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  corsEnabled: false,
  stream: true,
} as const;
