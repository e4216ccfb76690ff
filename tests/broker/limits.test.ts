import { connect as netConnect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { closedByBroker, connectClient, startTestBroker, type BrokerFixture } from './helpers';

let fx: BrokerFixture | undefined;
afterEach(async () => {
  await fx?.dispose();
  fx = undefined;
});

const KiB = 1024;
const limits = { maxMessageBytes: 64 * KiB, maxRetainedMessages: 3, maxRetainedBytes: 100 * KiB };

describe('embedded broker limits (scaled down by settings)', () => {
  it('disconnects a client that publishes a message over the size limit, delivers nothing, logs the reason once', async () => {
    fx = await startTestBroker({ limits });
    const url = `mqtt://127.0.0.1:${fx.port}`;
    const watcher = await connectClient(url);
    const seen: string[] = [];
    watcher.on('message', (topic) => seen.push(topic));
    await watcher.subscribeAsync('big/#');
    for (let i = 0; i < 2; i++) {
      const sender = await connectClient(url);
      const closed = closedByBroker(sender);
      sender.publish('big/x', Buffer.alloc(limits.maxMessageBytes + 1, 0x41), { qos: 1 });
      await closed;
      sender.end(true);
    }
    const ok = await connectClient(url);
    await ok.publishAsync('big/ok', Buffer.alloc(limits.maxMessageBytes - 100, 0x41), { qos: 1 });
    await expect.poll(() => seen).toEqual(['big/ok']);
    const lines = fx.logs.filter((l) => l.includes('larger than'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/64 KiB/);
    await ok.endAsync();
    await watcher.endAsync();
  });

  it('closes a connection as soon as a packet header announces more than the limit, before the body arrives', async () => {
    fx = await startTestBroker({ limits });
    const socket = netConnect(fx.port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.on('error', () => undefined);
    // PUBLISH, remaining length 10 MiB (varint 0x80 0x80 0x80 0x05), then only a few bytes of it.
    socket.write(Buffer.from([0x30, 0x80, 0x80, 0x80, 0x05, 0x00, 0x01, 0x61]));
    await closed;
  });

  it('refuses a retained message past the count or byte limit, keeps replacements and deletions working', async () => {
    fx = await startTestBroker({ limits });
    const url = `mqtt://127.0.0.1:${fx.port}`;
    const c = await connectClient(url);
    for (const t of ['r/1', 'r/2', 'r/3']) await c.publishAsync(t, 'v', { qos: 1, retain: true });
    await c.publishAsync('r/1', 'replaced', { qos: 1, retain: true });
    expect(fx.broker.status().retainedCount).toBe(3);
    const closed = closedByBroker(c);
    c.publish('r/4', 'one too many', { qos: 1, retain: true });
    await closed;
    c.end(true);
    expect(fx.broker.status().retainedCount).toBe(3);
    expect(fx.logs.some((l) => l.includes('retained') && l.includes('3'))).toBe(true);

    const d = await connectClient(url);
    await d.publishAsync('r/2', '', { qos: 1, retain: true });
    await d.publishAsync('r/4', 'fits now', { qos: 1, retain: true });
    expect(fx.broker.status().retainedCount).toBe(3);
    // Bytes: 3 messages of 40 KiB do not fit in 100 KiB.
    await d.publishAsync('r/1', Buffer.alloc(40 * KiB), { qos: 1, retain: true });
    await d.publishAsync('r/3', Buffer.alloc(40 * KiB), { qos: 1, retain: true });
    const closedAgain = closedByBroker(d);
    d.publish('r/4', Buffer.alloc(40 * KiB), { qos: 1, retain: true });
    await closedAgain;
    d.end(true);
    expect(fx.logs.some((l) => l.includes('100 KiB'))).toBe(true);
    const e = await connectClient(url);
    const got = new Map<string, number>();
    e.on('message', (topic, payload) => got.set(topic, payload.length));
    await e.subscribeAsync('r/#');
    await expect.poll(() => Object.fromEntries(got)).toEqual({ 'r/1': 40 * KiB, 'r/3': 40 * KiB, 'r/4': 8 });
    await e.endAsync();
  });
});
