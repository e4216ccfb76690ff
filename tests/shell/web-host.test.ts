import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
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

  it('listens on loopback only and serves the UI with a CSP', async () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const res = await fetch(host.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await res.text()).toContain('<title>QPY</title>');
  });

  it('never serves files outside the renderer folder', async () => {
    const res = await fetch(`${host.url}..%2f..%2f..%2fetc%2fpasswd`);
    const body = await res.text();
    expect(body).not.toContain('root:');
  });

  const open = (origin: string) =>
    new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api`, { headers: { origin } });
      ws.once('open', () => resolve(ws));
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });

  it('refuses WebSockets from other origins (another web page in the same browser)', async () => {
    await expect(open('https://evil.example')).rejects.toThrow(/403/);
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
    const ws = await open(`http://localhost:${host.port}`);
    const event = new Promise<ServerMessage>((resolve) =>
      ws.once('message', (d) => resolve(codec.parse<ServerMessage>(d.toString()))),
    );
    ctx.backend.events.emit('ports.changed', { ports: [] });
    expect(await event).toEqual({ t: 'event', name: 'ports.changed', payload: { ports: [] } });
    ws.close();
  });

  it('listens to backend events only while a page is connected', async () => {
    await new Promise((r) => setTimeout(r, 50));
    expect(ctx.backend.events.listenerCount).toBe(0);
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
