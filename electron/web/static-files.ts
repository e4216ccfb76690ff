import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../../shared/security';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.py': 'text/plain; charset=utf-8',
};

const securityHeaders = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/** Serves the built renderer; unknown paths fall back to index.html; nothing outside `root` is ever served. */
export const createStaticHandler = (root: string) => async (req: IncomingMessage, res: ServerResponse) => {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, securityHeaders).end();
    return;
  }
  const url = new URL(req.url ?? '/', 'http://localhost');
  let relative: string;
  try {
    relative = normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, '');
  } catch {
    res.writeHead(400, securityHeaders).end();
    return;
  }
  let file = join(root, relative);
  if (file !== root && !file.startsWith(root + sep)) {
    res.writeHead(403, securityHeaders).end();
    return;
  }
  let info = await stat(file).catch(() => undefined);
  if (!info || info.isDirectory()) {
    file = join(root, 'index.html');
    info = await stat(file).catch(() => undefined);
  }
  if (!info) {
    res.writeHead(503, { ...securityHeaders, 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('The UI has not been built yet: run `npm run build:renderer` (npm start does it for you).\n');
    return;
  }
  const immutable = relative.startsWith('assets/');
  res.writeHead(200, {
    ...securityHeaders,
    'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
    'Content-Length': info.size,
    'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  if (req.method === 'HEAD') res.end();
  else createReadStream(file).pipe(res);
};
