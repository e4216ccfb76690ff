import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { APP_ORIGIN } from '../../shared/security';
import { connectClient, startTestBroker, type BrokerFixture } from './helpers';

let fx: BrokerFixture | undefined;
afterEach(async () => {
  await fx?.dispose();
  fx = undefined;
});

/** Opens a raw WebSocket to the broker; resolves the HTTP status of a refused upgrade, or 101 when accepted. */
const upgrade = (url: string, origin?: string): Promise<number> =>
  new Promise((resolve, reject) => {
    const ws = new WebSocket(url, 'mqtt', origin ? { origin } : {});
    ws.once('open', () => {
      ws.terminate();
      resolve(101);
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('error', (e) => reject(e));
  });

describe('embedded broker WebSocket listener', () => {
  it('refuses an upgrade from another web page with 403 and logs the origin once', async () => {
    fx = await startTestBroker();
    const url = `ws://127.0.0.1:${fx.wsPort}/mqtt`;
    expect(await upgrade(url, 'https://evil.example')).toBe(403);
    expect(await upgrade(url, 'https://evil.example')).toBe(403);
    expect(await upgrade(url, 'null')).toBe(403);
    expect(await upgrade(url, `http://127.0.0.1:${fx.wsPort}`)).toBe(403);
    expect(fx.logs.filter((l) => l.includes('https://evil.example'))).toHaveLength(1);
    expect(fx.broker.status().clients).toBe(0);
  });

  it("accepts the app's own origins and clients that send no Origin (MQTT.js in Node, mosquitto)", async () => {
    const webOrigins = ['http://127.0.0.1:7860', 'http://localhost:7860'];
    fx = await startTestBroker({ wsAllowedOrigins: () => webOrigins });
    const url = `ws://127.0.0.1:${fx.wsPort}/mqtt`;
    expect(await upgrade(url, APP_ORIGIN)).toBe(101);
    expect(await upgrade(url, 'http://localhost:7860')).toBe(101);
    expect(await upgrade(url)).toBe(101);
    const client = await connectClient(url);
    await client.publishAsync('ws/ok', 'x', { qos: 1 });
    await client.endAsync();
  });

  it('closes a WebSocket whose frame is larger than the message limit (1009) without buffering it', async () => {
    fx = await startTestBroker({ limits: { maxMessageBytes: 32 * 1024 } });
    const ws = new WebSocket(`ws://127.0.0.1:${fx.wsPort}/mqtt`, 'mqtt');
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const code = await new Promise<number>((resolve) => {
      ws.once('close', (c) => resolve(c));
      ws.send(Buffer.alloc(512 * 1024, 0x30));
    });
    expect(code).toBe(1009);
  });
});
