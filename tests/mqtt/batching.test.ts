import { afterEach, describe, expect, it } from 'vitest';
import { BrokerService } from '../../electron/broker/broker-service';
import { FrameBatcher } from '../../electron/mqtt/frame-batcher';
import type { MqttMessageFrame, MqttRecord } from '../../shared/api/mqtt';
import { makeTempDir, options, recordingManager, waitFor } from './helpers';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

const record = (id: number, direction: 'in' | 'out' = 'in'): MqttRecord => ({
  id,
  sessionId: 's',
  direction,
  time: id,
  topic: 't',
  qos: 0,
  retain: false,
  dup: false,
  payload: new Uint8Array(10),
  size: 10,
  truncated: false,
});

describe('frame batching', () => {
  it('emits by time, by count and on flush, with cumulative totals', async () => {
    const frames: MqttMessageFrame[] = [];
    const b = new FrameBatcher({ sessionId: 's', emit: (f) => frames.push(f), intervalMs: 20, maxRecords: 5 });
    for (let i = 1; i <= 12; i++) b.push(record(i, i % 3 === 0 ? 'out' : 'in'));
    expect(frames.map((f) => f.records.length)).toEqual([5, 5]);
    await waitFor(() => frames.length === 3, 'timed frame');
    expect(frames[2]!.records.map((r) => r.id)).toEqual([11, 12]);
    expect(frames.map((f) => f.seq)).toEqual([1, 2, 3]);
    expect(frames[2]!.totals).toEqual({ in: 8, out: 4, frames: 3, bytes: 120 });
    b.push(record(13));
    b.flush();
    expect(frames).toHaveLength(4);
    b.flush();
    expect(frames).toHaveLength(4);
  });

  it('turns thousands of broker messages into few frames whose counts add up', async () => {
    const dataDir = await makeTempDir(cleanups);
    const broker = new BrokerService({ dataDir, port: 0 });
    const { port } = await broker.start();
    cleanups.push(async () => void (await broker.stop()));
    const rec = recordingManager();
    cleanups.push(() => rec.manager.closeAll());
    const status = await rec.manager.open(options({ port: port! }));
    const id = status.sessionId;
    await rec.manager.get(id).subscribe('load/#', 0);
    const N = 5_000;
    const payload = Buffer.alloc(200, 7);
    for (let i = 0; i < N; i++) {
      broker.aedes!.publish(
        { cmd: 'publish', topic: `load/${i % 10}`, payload, qos: 0, retain: false, dup: false },
        () => undefined,
      );
    }
    await waitFor(() => rec.records(id, 'in').length === N, `${N} records`, 15_000);
    const frames = rec.frames.filter((f) => f.sessionId === id);
    expect(frames.length).toBeLessThan(N / 20);
    const sum = frames.reduce((n, f) => n + f.records.length, 0);
    const last = frames.at(-1)!;
    expect(sum).toBe(last.totals.in + last.totals.out);
    expect(last.totals.in).toBe(N);
    expect(last.totals.frames).toBe(frames.length);
    const ids = frames.flatMap((f) => f.records.map((r) => r.id));
    expect(ids).toEqual(Array.from({ length: N }, (_, i) => i + 1));
    expect(frames.map((f) => f.seq)).toEqual(Array.from({ length: frames.length }, (_, i) => i + 1));
  });
});
