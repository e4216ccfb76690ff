import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { webSocketProtocols } from '../../shared/api/web-auth';
import { createWireCodec, type ServerMessage } from '../../shared/api/wire';
import { startWebHost, type WebHost } from '../../electron/web/host';
import { withBackend } from './helpers';

const codec = createWireCodec({
  encode: (b) => Buffer.from(b).toString('base64'),
  decode: (t) => new Uint8Array(Buffer.from(t, 'base64')),
});

describe('browser-mode host', () => {
  let ctx: Awaited<ReturnType<typeof withBackend>>;
  let host: WebHost;
  let rendererDir: string;
  beforeAll(async () => {
    ctx = await withBackend();
    rendererDir = await mkdtemp(join(tmpdir(), 'qpy-renderer-'));
    await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>QPY</title>');
    host = await startWebHost({ backend: ctx.backend, rendererDir, port: 0 });
  });
  afterAll(async () => {
    await host.close();
    await ctx.dispose();
    await rm(rendererDir, { recursive: true, force: true });
  });

  const tokenOf = (url: string) => new URL(url).hash.replace(/^#token=/, '');

  it('listens on loopback only and serves the UI with a CSP, without the token in any response', async () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]+$/);
    const res = await fetch(host.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    const body = await res.text();
    expect(body).toContain('<title>QPY</title>');
    expect(body).not.toContain(tokenOf(host.url));
    expect(JSON.stringify([...res.headers])).not.toContain(tokenOf(host.url));
  });

  it('makes a new random token of at least 128 bits for every launch', async () => {
    const token = tokenOf(host.url);
    expect(Buffer.from(token, 'base64url').length).toBeGreaterThanOrEqual(16);
    const second = await startWebHost({ backend: ctx.backend, rendererDir, port: 0 });
    expect(tokenOf(second.url)).not.toBe(token);
    await second.close();
  });

  it('never serves files outside the renderer folder', async () => {
    const res = await fetch(`${new URL(host.url).origin}/..%2f..%2f..%2fetc%2fpasswd`);
    const body = await res.text();
    expect(body).not.toContain('root:');
  });

  const openWith = (
    origin: string,
    token: string | null,
    options: { host?: string; port?: number; hostHeader?: string } = {},
  ) =>
    new Promise<WebSocket>((resolve, reject) => {
      const port = options.port ?? host.port;
      const ws = new WebSocket(
        `ws://${options.host ?? '127.0.0.1'}:${port}/api`,
        token === null ? [] : webSocketProtocols(token),
        { headers: { origin, ...(options.hostHeader ? { host: options.hostHeader } : {}) } },
      );
      ws.once('open', () => resolve(ws));
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
  const open = (origin: string) => openWith(origin, tokenOf(host.url));

  it('refuses WebSockets from other origins (another web page in the same browser)', async () => {
    await expect(open('https://evil.example')).rejects.toThrow(/403/);
  });

  it('refuses a WebSocket without the token even with a forged Origin (another local program)', async () => {
    const origin = `http://127.0.0.1:${host.port}`;
    await expect(openWith(origin, null)).rejects.toThrow(/403/);
    await expect(openWith(origin, 'A'.repeat(43))).rejects.toThrow(/403/);
    await expect(openWith(origin, tokenOf(host.url).slice(0, -1))).rejects.toThrow(/403/);
    // The token in the query string (where it would end up in logs) is not accepted either.
    await expect(
      new Promise((resolve, reject) => {
        const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api?token=${tokenOf(host.url)}`, { headers: { origin } });
        ws.once('open', () => resolve(ws));
        ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
        ws.once('error', reject);
      }),
    ).rejects.toThrow(/403/);
  });

  it('refuses requests whose Host is not this host (DNS rebinding), for pages and WebSockets', async () => {
    const evil = `evil.example:${host.port}`;
    await expect(openWith(`http://${evil}`, tokenOf(host.url), { hostHeader: evil })).rejects.toThrow(/403/);
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port: host.port, path: '/', headers: { host: evil } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.once('error', reject);
      req.end();
    });
    expect(status).toBe(403);
    const ok = await openWith(`http://localhost:${host.port}`, tokenOf(host.url), {
      hostHeader: `localhost:${host.port}`,
    });
    ok.close();
  });

  it('warns about a non-loopback bind and still needs the token there', async () => {
    const lan = await startWebHost({ backend: ctx.backend, rendererDir, port: 0, host: '0.0.0.0' });
    try {
      expect(lan.warnings.join('\n')).toMatch(/0\.0\.0\.0.*network/i);
      expect(host.warnings).toEqual([]);
      const origin = `http://127.0.0.1:${lan.port}`;
      await expect(openWith(origin, null, { port: lan.port })).rejects.toThrow(/403/);
      const ws = await openWith(origin, tokenOf(lan.url), { port: lan.port });
      ws.close();
    } finally {
      await lan.close();
    }
  });

  it('answers calls over the WebSocket with result objects', async () => {
    const ws = await open(`http://127.0.0.1:${host.port}`);
    const reply = new Promise<ServerMessage>((resolve) =>
      ws.once('message', (d) => resolve(codec.parse<ServerMessage>(d.toString()))),
    );
    ws.send(codec.stringify({ t: 'call', id: 42, name: 'portsList', req: {} }));
    const message = await reply;
    expect(message).toMatchObject({ t: 'result', id: 42, result: { ok: true } });
    const bad = new Promise<ServerMessage>((resolve) =>
      ws.once('message', (d) => resolve(codec.parse<ServerMessage>(d.toString()))),
    );
    ws.send(codec.stringify({ t: 'call', id: 43, name: 'openExternal', req: { url: 5 } }));
    expect(await bad).toMatchObject({ id: 43, result: { ok: false, error: { code: 'BAD_REQUEST' } } });
    ws.close();
  });

  it('forwards backend events to connected pages', async () => {
    const ws = await openWith(`http://localhost:${host.port}`, tokenOf(host.url), {
      hostHeader: `localhost:${host.port}`,
    });
    const event = new Promise<ServerMessage>((resolve) =>
      ws.once('message', (d) => resolve(codec.parse<ServerMessage>(d.toString()))),
    );
    ctx.backend.events.emit('ports.changed', { ports: [] });
    expect(await event).toEqual({ t: 'event', name: 'ports.changed', payload: { ports: [] } });
    ws.close();
  });

  it('listens to backend events only while a page is connected', async () => {
    // The pages of the tests above closed without waiting; the host lets go of their listeners when it sees that.
    await expect.poll(() => ctx.backend.events.listenerCount).toBe(0);
    const ws = await open(`http://127.0.0.1:${host.port}`);
    expect(ctx.backend.events.listenerCount).toBe(1);
    const closed = new Promise((resolve) => ws.once('close', resolve));
    ws.close();
    await closed;
    await expect.poll(() => ctx.backend.events.listenerCount).toBe(0);
  });

  it('falls back to a free port when asked and the port is taken', async () => {
    const second = await startWebHost({ backend: ctx.backend, rendererDir, port: host.port, fallbackToFreePort: true });
    expect(second.port).not.toBe(host.port);
    await second.close();
    await expect(startWebHost({ backend: ctx.backend, rendererDir, port: host.port })).rejects.toThrow(/EADDRINUSE/);
  });
});
