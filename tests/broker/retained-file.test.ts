import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RETAINED_FILE_NAME } from '../../electron/broker/broker-service';
import { RetainedFile } from '../../electron/broker/retained-file';
import { connectClient, startTestBroker, type BrokerFixture } from './helpers';

const KiB = 1024;
let dir: string;
let fx: BrokerFixture | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'qpy-retained-'));
});
afterEach(async () => {
  vi.restoreAllMocks();
  await fx?.dispose();
  fx = undefined;
  await rm(dir, { recursive: true, force: true });
});

describe('retained messages file', () => {
  it('a save that fails is caught and logged, the broker goes on, and the next save succeeds', async () => {
    const file = join(dir, RETAINED_FILE_NAME);
    // A folder where the file should be: every write of it fails, as on a full or read-only disk.
    await mkdir(join(file, 'blocker'), { recursive: true });
    fx = await startTestBroker({ dataDir: dir });
    const c = await connectClient(`mqtt://127.0.0.1:${fx.port}`);
    await c.publishAsync('keep/a', 'one', { qos: 1, retain: true });
    await expect.poll(() => fx!.logs.some((l) => l.includes('Could not save retained messages'))).toBe(true);
    expect(fx.broker.status().error).toContain('Could not save retained messages');
    await c.publishAsync('keep/b', 'two', { qos: 1, retain: true });
    expect(fx.broker.status()).toMatchObject({ state: 'running', retainedCount: 2 });
    await rm(file, { recursive: true });
    await c.publishAsync('keep/c', 'three', { qos: 1, retain: true });
    await expect.poll(() => fx!.broker.status().error).toBeUndefined();
    await c.endAsync();
    await fx.broker.stop();
    const again = new RetainedFile(file);
    expect((await again.load()).map((m) => m.topic).sort()).toEqual(['keep/a', 'keep/b', 'keep/c']);
  });

  it('writes message by message, never building one string of the whole set', async () => {
    const file = join(dir, RETAINED_FILE_NAME);
    const store = new RetainedFile(file);
    await store.load();
    for (let i = 0; i < 20; i++) store.update(`t/${i}`, 1, Buffer.alloc(50 * KiB, i));
    const stringify = vi.spyOn(JSON, 'stringify');
    await store.flush();
    const longest = Math.max(
      0,
      ...stringify.mock.results.map((r) => (typeof r.value === 'string' ? r.value.length : 0)),
    );
    stringify.mockRestore();
    expect(longest).toBeGreaterThan(50 * KiB);
    expect(longest).toBeLessThan(100 * KiB);
    const loaded = await new RetainedFile(file).load();
    expect(loaded).toHaveLength(20);
    expect(loaded[7]!.payload.equals(Buffer.alloc(50 * KiB, 7))).toBe(true);
  });

  it('loads at most the retained limits from a file written under larger ones, and says so', async () => {
    const file = join(dir, RETAINED_FILE_NAME);
    const big = new RetainedFile(file);
    await big.load();
    for (let i = 0; i < 5; i++) big.update(`t/${i}`, 0, Buffer.alloc(10 * KiB, 1));
    await big.flush();
    const small = new RetainedFile(file, { limits: { maxRetainedMessages: 3, maxRetainedBytes: 1024 * KiB } });
    expect(await small.load()).toHaveLength(3);
    expect(small.lastError).toMatch(/3 retained messages/);
    const fewBytes = new RetainedFile(file, { limits: { maxRetainedMessages: 100, maxRetainedBytes: 25 * KiB } });
    expect(await fewBytes.load()).toHaveLength(2);
  });

  it('still reads the version 1 file format', async () => {
    const file = join(dir, RETAINED_FILE_NAME);
    await writeFile(
      file,
      JSON.stringify({
        version: 1,
        messages: [{ topic: 'old/a', qos: 1, payload: Buffer.from('hi').toString('base64') }],
      }),
    );
    const loaded = await new RetainedFile(file).load();
    expect(loaded).toEqual([{ topic: 'old/a', qos: 1, payload: Buffer.from('hi') }]);
    expect(await readFile(file, 'utf8')).toContain('old/a');
  });
});
